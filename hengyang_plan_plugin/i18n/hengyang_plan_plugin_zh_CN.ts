<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>HengyangPlan</name>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="208" />
      <source> with {} warnings</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="38" />
      <source>&amp;Hengyang plan review</source>
      <translation>衡阳规划审查(&amp;H)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="138" />
      <source>(automatic)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="54" />
      <source>(none)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/land_use_picker.py" line="18" />
      <source>(not specified)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="27" />
      <source>A GeoPackage or a folder of shapefiles named after the national layer names (YJJBNT, STBHHX, …). Leave empty for the bundled sample plan.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="75" />
      <source>Applicant</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="101" />
      <source>Area</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="90" />
      <source>Area (ha)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="37" />
      <source>Area unit</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="95" />
      <source>Area unit:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="51" />
      <source>At X {} / Y {} (plan CRS):</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="208" />
      <source>Basis</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="51" />
      <source>Batch review submissions</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="58" />
      <source>Bundled sample data (示意数据), not the statutory plan.</source>
      <translation>内置示意数据，非法定规划成果。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="75" />
      <source>CRS when the file has none</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="82" />
      <source>Cancel</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="61" />
      <source>Case</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="90" />
      <source>Cases</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="91" />
      <source>Cases reviewed</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="92" />
      <source>Cases with errors</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="101" />
      <source>Check / plan feature</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="98" />
      <source>Choose a folder of submissions or a list of submission files.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="171" />
      <source>Choose a site coordinates TXT file or another vector file.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="136" />
      <source>Choose a site layer, import a coordinates TXT or draw the site first.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="39" />
      <source>Choose the plan query tool on the toolbar and click the map.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="48" />
      <source>Conflict</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="74" />
      <source>Conflict areas</source>
      <translation>冲突范围</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="110" />
      <source>Control line areas per county</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="132" />
      <source>Coordinate file (*.txt)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="68" />
      <source>Coordinate file (TXT)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="90" />
      <source>Declared (ha)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="74" />
      <source>Document number</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="52" />
      <source>Draw on map</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/draw_site_tool.py" line="73" />
      <source>Draw the site</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="114" />
      <source>Export site coordinates (TXT)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="171" />
      <source>Exported {} parcels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="73" />
      <source>File</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="101" />
      <source>Finding</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="76" />
      <source>Folder of submissions</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="24" />
      <source>GeoPackage (*.gpkg);;All files (*)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="251" />
      <source>Hengyang plan</source>
      <translation>衡阳规划</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="69" />
      <source>Hengyang plan review</source>
      <translation>衡阳规划审查</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/provider.py" line="31" />
      <source>Hengyang plan review {}</source>
      <translation>衡阳国土空间规划审查 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="45" />
      <source>Ignore overlaps smaller than</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="100" />
      <source>Import</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="50" />
      <source>Import coordinates TXT…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="51" />
      <source>Import site coordinates</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="55" />
      <source>Import site coordinates (TXT)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="206" />
      <source>Imported {} parcels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="112" />
      <source>Indicators met</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="113" />
      <source>Indicators not met</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="90" />
      <source>Land-use code</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="74" />
      <source>Layer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="57" />
      <source>Load the Hengyang plan</source>
      <translation>加载衡阳规划</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="121" />
      <source>Loaded {} plan layers.</source>
      <translation>已加载 {} 个规划图层。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="49" />
      <source>Manual review</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="93" />
      <source>Measures the plan's indicators from the plan data and compares them with the targets in the GHZB table: 永久基本农田, 生态保护红线 and 城镇开发边界 areas (市域 and 市辖区), the city line areas by level (中心城区), river crossings and school counts. Each row says met / not met and the difference (computed minus target, in the target's unit). 耕地保有量 and the non-spatial indicators are listed as not computable from the data. OUTPUT_COUNTIES (optional) gives the control line areas per county.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="90" />
      <source>Name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="54" />
      <source>No plan feature at this point.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="215" />
      <source>No plan layer could be opened from {}</source>
      <translation>无法从 {} 打开任何规划图层</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="42" />
      <source>No plan loaded. Click “Load the Hengyang plan” on the toolbar.</source>
      <translation>尚未加载规划。请点击工具栏上的“加载衡阳规划”。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="78" />
      <source>No review yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="192" />
      <source>No warnings.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="50" />
      <source>Not run</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="78" />
      <source>Or: submission files</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="88" />
      <source>Output folder</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="90" />
      <source>Parcel</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="168" />
      <source>Parcel {}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/draw_site_tool.py" line="127" />
      <source>Parcel {} added to the site layer ({} ha)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="108" />
      <source>Parcels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="47" />
      <source>Pass</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="92" />
      <source>Plan</source>
      <translation>规划</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="81" />
      <source>Plan (GeoPackage, folder; empty = sample)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="84" />
      <source>Plan indicators</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="44" />
      <source>Plan layer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="73" />
      <source>Plan layer {} ({}) could not be opened: {}</source>
      <translation>规划图层 {}（{}）无法打开：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="79" />
      <source>Plan layer {} ({}) is missing from {}</source>
      <translation>规划图层 {}（{}）在 {} 中缺失</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="87" />
      <source>Plan monitoring</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="68" />
      <source>Plan review panel</source>
      <translation>规划审查面板</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="26" />
      <source>Plan source</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="56" />
      <source>Plan source: {}</source>
      <translation>规划数据源：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="73" />
      <source>Project name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="72" />
      <source>Proposed land use</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="59" />
      <source>Proposed land use (用地用海 code)</source>
      <translation>拟建用途（用地用海代码）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="83" />
      <source>Proposed land use for every case (用地用海 code; empty = each file's own)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="91" />
      <source>Query</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="61" />
      <source>Query the plan at a point</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="58" />
      <source>Reads a boundary-point coordinate file (界址点坐标 TXT: [属性描述] and [地块坐标] sections, GBK or UTF-8) into polygons, one feature per parcel, in the file's CGCS2000 Gauss-Kruger zone (from 带号 or the Y zone prefix). Holes (圈号 2, 3 ...) are kept. Files in 1980 Xi'an or 1954 Beijing coordinates are refused. Problems that can be repaired (an unclosed ring, declared area or point count that does not match, swapped X/Y) are reported as warnings.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="68" />
      <source>Replace the parcels already in the site layer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="89" />
      <source>Review</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="42" />
      <source>Review a submission against the plan</source>
      <translation>按总体规划审查送审用地</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="172" />
      <source>Review finished: {}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="69" />
      <source>Review report (HTML)</source>
      <translation>审查意见表（HTML）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="71" />
      <source>Review report (PDF)</source>
      <translation>审查意见表（PDF）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="66" />
      <source>Review result (JSON)</source>
      <translation>审查结果（JSON）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="57" />
      <source>Reviewer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="60" />
      <source>Reviewing unit</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="45" />
      <source>Reviews a site boundary (界址点 TXT or any vector file) and its proposed land use (用地用海 code) against the Hengyang master plan: pass / fail / needs manual review, with areas in m², ha and mu and the rule behind each finding. PLAN: a GeoPackage, a folder of shapefiles, or empty for the bundled sample plan.</source>
      <translation>按衡阳市国土空间总体规划审查用地红线（界址点坐标 TXT 或任意矢量文件）及其拟建用途（用地用海代码）：给出通过 / 不通过 / 需人工复核结论，列出以平方米、公顷、亩计的面积及每项结论的依据。规划数据：GeoPackage、Shapefile 文件夹，留空则使用内置示例规划。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="60" />
      <source>Reviews every submission in a folder against the Hengyang master plan: each 界址点 TXT or vector file at the top of the folder is a case, and so is each sub-folder holding one submission file. Every case gets its own folder in OUTPUT_FOLDER with review.json, review.html and review.pdf; summary.csv (UTF-8 with BOM, opens in Excel) lists case, verdict, site area and the area of each conflicting check. A case that cannot be read becomes an error row with its message and the batch goes on. Cancel stops after the current case and keeps the finished ones. LAND_USE, when given, applies to every case; empty uses each submission's own land-use code. Every review is recorded in the review log.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="60" />
      <source>Rule</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="80" />
      <source>Run review</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="47" />
      <source>Selected features only</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="41" />
      <source>Site (用地红线)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="38" />
      <source>Site coordinates</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="58" />
      <source>Site coordinates (*.txt)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="72" />
      <source>Site parcels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="127" />
      <source>Site polygons</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="101" />
      <source>Status</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="56" />
      <source>Submission (用地红线)</source>
      <translation>送审用地（用地红线）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="89" />
      <source>Summary table (summary.csv)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="192" />
      <source>The input has no usable CRS; set a CGCS2000 CRS first.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/review_task.py" line="47" />
      <source>The review failed: {}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/review_task.py" line="56" />
      <source>The review was cancelled.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="85" />
      <source>The style of plan layer {} ({}) could not be applied: {}</source>
      <translation>规划图层 {}（{}）的样式无法应用：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="90" />
      <source>Use</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="60" />
      <source>Vector files</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="130" />
      <source>Verdict: {}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="110" />
      <source>Warnings</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="44" />
      <source>What applies here</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="85" />
      <source>Write review.json only (no HTML/PDF)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="117" />
      <source>Writes polygons as a boundary-point coordinate file (界址点坐标 TXT, GB18030 with CRLF), one parcel per feature with 地块编号, 地块名称, 地块用途 and 地类编码 taken from fields of those names (or DKBH, YDYHFLDM ...). Layers in a CGCS2000 Gauss-Kruger CRS keep their coordinates; others are projected to the CGCS2000 3-degree zone of the site, with zone prefix.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="34" />
      <source>hectares (公顷)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="66" />
      <source>layer missing from the plan</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="64" />
      <source>missing</source>
      <translation>缺失</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="34" />
      <source>mu (亩)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="34" />
      <source>m²</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="210" />
      <source>not a readable vector layer</source>
      <translation>不是可读取的矢量图层</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="152" />
      <source>not specified</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="148" />
      <source>style file not found: {}</source>
      <translation>未找到样式文件：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="151" />
      <source>style file not readable: {}</source>
      <translation>样式文件无法读取：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="122" />
      <source>{} ha</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="147" />
      <source>{} is not a CGCS2000 Gauss-Kruger CRS: coordinates are projected to {}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="124" />
      <source>{} mu</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="125" />
      <source>{} m²</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="176" />
      <source>{} parcels, {} ha in total, CRS {}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="150" />
      <source>{}: {} parcel(s), {}; land use {}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="53" />
      <source>…or narrower than</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/land_use_picker.py" line="27" />
      <source>用地用海 code or name, e.g. 0701 or 住宅</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
