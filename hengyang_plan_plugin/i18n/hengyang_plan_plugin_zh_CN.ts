<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>HengyangPlan</name>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="239" />
      <source> with {} warnings</source>
      <translation>，含 {} 条警告</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="191" />
      <source> … ({} parcels)</source>
      <translation> …（共 {} 个地块）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="43" />
      <source>&amp;Hengyang plan review</source>
      <translation>衡阳规划审查(&amp;H)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="159" />
      <source>(automatic)</source>
      <translation>（自动）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="70" />
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="86" />
      <source>(not chosen: the file's own CRS or its zone prefix)</source>
      <translation>（未选择：用文件自带的坐标系或带号前缀）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/land_use_picker.py" line="18" />
      <source>(not specified)</source>
      <translation>（未指定）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="56" />
      <source>A GeoPackage or a folder of shapefiles named after the national layer names (YJJBNT, STBHHX, …). Leave empty for the bundled sample plan.</source>
      <translation>使用国家数据库规范图层名（YJJBNT、STBHHX 等）的 GeoPackage 或 Shapefile 文件夹。留空则使用内置示意规划数据。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="163" />
      <source>A3 landscape</source>
      <translation>A3 横版</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="164" />
      <source>A4 portrait</source>
      <translation>A4 竖版</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="73" />
      <source>All verdicts</source>
      <translation>全部结论</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="178" />
      <source>All {} parcels reviewed as {}</source>
      <translation>全部 {} 个地块按 {} 审查</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="78" />
      <source>Any time</source>
      <translation>全部时间</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="104" />
      <source>Applicant</source>
      <translation>申请单位</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="81" />
      <source>Apply to all parcels</source>
      <translation>应用到全部地块</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="134" />
      <source>Area</source>
      <translation>面积</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="109" />
      <source>Area (ha)</source>
      <translation>计算面积（公顷）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="79" />
      <source>Area (m²)</source>
      <translation>面积（平方米）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="78" />
      <source>Area change (m²)</source>
      <translation>面积变化（平方米）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="67" />
      <source>Area unit</source>
      <translation>面积单位</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="175" />
      <source>Area unit:</source>
      <translation>面积单位：</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="67" />
      <source>At X {} / Y {} (plan CRS):</source>
      <translation>X {} / Y {}（规划坐标系）处：</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="127" />
      <source>Authentication</source>
      <translation>认证</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="353" />
      <source>Basis</source>
      <translation>依据</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="49" />
      <source>Batch review submissions</source>
      <translation>批量审查送审材料</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="65" />
      <source>Bundled sample data (示意数据), not the statutory plan.</source>
      <translation>内置示意数据，非法定规划成果。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="90" />
      <source>CRS of a file that has none</source>
      <translation>文件无坐标系时采用的坐标系</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="95" />
      <source>CRS when the file has none</source>
      <translation>文件无坐标系时采用</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="279" />
      <source>CSV (*.csv)</source>
      <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="121" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="135" />
      <source>Cannot read {}: {}</source>
      <translation>无法读取 {}：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="99" />
      <source>Cases</source>
      <translation>案件数</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="100" />
      <source>Cases reviewed</source>
      <translation>已审查案件数</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="101" />
      <source>Cases with errors</source>
      <translation>出错案件数</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="77" />
      <source>Change</source>
      <translation>变化</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="74" />
      <source>Check</source>
      <translation>审查项</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="134" />
      <source>Check / plan feature</source>
      <translation>审查项 / 规划要素</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="164" />
      <source>Check plan (QA)</source>
      <translation>质检</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/checkplan_algorithm.py" line="46" />
      <source>Check the plan database (QA)</source>
      <translation>规划成果质检</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="73" />
      <source>Check the plan database before reviewing against it.</source>
      <translation>审查前先检查规划数据库（规划成果质检）。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="93" />
      <source>Checking the plan…</source>
      <translation>正在质检规划数据…</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/checkplan_algorithm.py" line="49" />
      <source>Checks a plan database before reviews rely on it: layers, required fields and their types, one CGCS2000 Gauss-Krüger CRS; known zone names, 城镇开发边界 parts, 用地用海 codes, line levels and renewal types; BSM and area fields; invalid, empty, multi-part, sliver and duplicated geometries; zones tiling their area without gaps or overlaps, parcels inside 中心城区, the three control lines apart, 永久基本农田 in 农田保护区, 生态保护红线 in 生态保护区, renewal units inside the 城镇开发边界; and the control line areas against the plan's figures. 错误: reviews against the plan cannot be trusted until it is fixed; 警告: look at it. The optional 地类图斑 (DLTB) layer is checked when present. The plan is only read, never changed. Writes qa.json, qa.html, qa.pdf and qa_errors.gpkg (one feature per finding, open it beside the plan to see where) into the output folder.</source>
      <translation>在审查依赖规划数据库之前检查它：图层齐全、必填字段及其类型、全库统一的CGCS2000高斯-克吕格坐标系；规划分区名称、城镇开发边界分区、用地用海代码、城市四线级别和城市更新类型在值域内；标识码和面积字段；无效、空、多部件、碎片和重复的图形；规划分区无缝隙无重叠地覆盖其范围，用地用海图斑在中心城区内，三条控制线互不重叠，永久基本农田在农田保护区内，生态保护红线在生态保护区内，城市更新单元在城镇开发边界内；并将三条控制线面积与规划公布数字和规划指标表（GHZB）比较（只列差值，不算问题）。错误：修正之前，依据该规划数据的审查结论不可信；警告：需要人工查看。规划数据含地类图斑（DLTB，可选）时一并检查其字段。只读取规划数据，从不修改。在输出文件夹中写出 qa.json、qa.html、qa.pdf 和 qa_errors.gpkg（每个问题一个要素，与规划数据一起打开即可看到问题位置）。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="107" />
      <source>Choose a folder of submissions or a list of submission files.</source>
      <translation>请选择送审材料文件夹或送审文件列表。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="128" />
      <source>Choose a review.json</source>
      <translation>选择 review.json</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="199" />
      <source>Choose a site coordinates TXT file or another vector file.</source>
      <translation>请选择界址点坐标 TXT 文件或其他矢量文件。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="190" />
      <source>Choose a site layer, import a coordinates TXT or draw the site first.</source>
      <translation>请先选择用地红线图层、导入界址点坐标 TXT 或在地图上绘制用地红线。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="55" />
      <source>Choose the plan query tool on the toolbar and click the map.</source>
      <translation>请在工具栏上选择“规划查询”工具，然后点击地图。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="147" />
      <source>Code</source>
      <translation>代码</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="119" />
      <source>Compare with previous version</source>
      <translation>与上一版比对</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="101" />
      <source>Compute plan indicators</source>
      <translation>测算规划指标</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="176" />
      <source>Computing plan indicators…</source>
      <translation>正在测算规划指标……</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="139" />
      <source>Conflict areas</source>
      <translation>冲突范围</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="111" />
      <source>Control line areas per county</source>
      <translation>分县（市、区）控制线面积</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="143" />
      <source>Control lines per county (km²)</source>
      <translation>分县（市、区）控制线（平方千米）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="123" />
      <source>Coordinate file (*.txt)</source>
      <translation>界址点坐标文件 (*.txt)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="59" />
      <source>Coordinate file (TXT)</source>
      <translation>界址点坐标文件（TXT）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="179" />
      <source>Could not install shapely 2: {}</source>
      <translation>无法安装 shapely 2：{}。请点击“查看命令”手动安装。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="148" />
      <source>County</source>
      <translation>县（市、区）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="271" />
      <source>Cultivated land: {}</source>
      <translation>耕地：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="123" />
      <source>Current value</source>
      <translation>现状值</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="109" />
      <source>Declared (ha)</source>
      <translation>申报面积（公顷）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="91" />
      <source>Declared area may differ by</source>
      <translation>申报面积允许误差</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="124" />
      <source>Difference</source>
      <translation>差值</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="98" />
      <source>Document number</source>
      <translation>文号</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="72" />
      <source>Draw on map</source>
      <translation>在地图上绘制</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/draw_site_tool.py" line="74" />
      <source>Draw the site</source>
      <translation>绘制送审红线</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="150" />
      <source>Ecological protection red line</source>
      <translation>生态保护红线</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/checkplan_algorithm.py" line="68" />
      <source>Errors</source>
      <translation>错误数</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="168" />
      <source>Export QA report</source>
      <translation>导出质检报告</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="60" />
      <source>Export QA report…</source>
      <translation>导出质检报告…</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="279" />
      <source>Export indicator table</source>
      <translation>导出指标表</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="104" />
      <source>Export indicator table…</source>
      <translation>导出指标表…</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="167" />
      <source>Export map sheet…</source>
      <translation>导出审查图……</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="165" />
      <source>Export report…</source>
      <translation>导出审查意见表……</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="105" />
      <source>Export site coordinates (TXT)</source>
      <translation>导出界址点坐标（TXT）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="358" />
      <source>Export the review report</source>
      <translation>导出审查意见表</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="424" />
      <source>Export the review sheet</source>
      <translation>导出审查图</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="162" />
      <source>Exported {} parcels</source>
      <translation>已导出 {} 个地块</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="353" />
      <source>Exporting the review report…</source>
      <translation>正在导出审查意见表…</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/print_layout.py" line="594" />
      <source>Exporting the review sheet failed ({}): {} {}</source>
      <translation>审查图导出失败（{}）：{} {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="430" />
      <source>Exporting the review sheet…</source>
      <translation>正在导出审查图…</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="172" />
      <source>Exporting…</source>
      <translation>正在导出…</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="277" />
      <source>Farmland conversion</source>
      <translation>农用地转用面积</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="79" />
      <source>Features avoided</source>
      <translation>已避让的要素</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="80" />
      <source>Features newly hit</source>
      <translation>新增涉及的要素</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="81" />
      <source>Features still hit</source>
      <translation>仍涉及的要素</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="93" />
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="69" />
      <source>Filter: project, document number, name, file, reviewer, land use or SHA-256</source>
      <translation>筛选：项目名称、文号、送审名称、文件、审查人、用途或 SHA-256</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="79" />
      <source>Finding</source>
      <translation>审查意见</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="189" />
      <source>Folder for diff.json and diff.html</source>
      <translation>diff.json 与 diff.html 的保存文件夹</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="384" />
      <source>Folder for the review report</source>
      <translation>审查意见表的保存文件夹</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="68" />
      <source>Folder of submissions</source>
      <translation>送审材料文件夹</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="53" />
      <source>GeoPackage (*.gpkg);;All files (*)</source>
      <translation>GeoPackage (*.gpkg);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="163" />
      <source>Hengyang plan</source>
      <translation>衡阳规划</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="128" />
      <source>Hengyang plan review</source>
      <translation>衡阳规划审查</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/provider.py" line="32" />
      <source>Hengyang plan review {}</source>
      <translation>衡阳国土空间规划审查 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="75" />
      <source>Ignore overlaps smaller than</source>
      <translation>忽略小于以下面积的重叠</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="119" />
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="70" />
      <source>Import coordinates TXT…</source>
      <translation>导入坐标 TXT……</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="69" />
      <source>Import site coordinates</source>
      <translation>导入界址点坐标</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="46" />
      <source>Import site coordinates (TXT)</source>
      <translation>导入界址点坐标（TXT）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="237" />
      <source>Imported {} parcels</source>
      <translation>已导入 {} 个地块</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="119" />
      <source>Indicator</source>
      <translation>指标</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="283" />
      <source>Indicator table written to {}</source>
      <translation>指标表已保存到 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="117" />
      <source>Indicators met</source>
      <translation>达标指标数</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="118" />
      <source>Indicators not met</source>
      <translation>未达标指标数</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="103" />
      <source>Install dependency</source>
      <translation>安装依赖</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="195" />
      <source>Install shapely 2 by hand</source>
      <translation>手动安装 shapely 2</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="35" />
      <source>Installing shapely 2 for the Hengyang plan review</source>
      <translation>正在为衡阳规划审查安装 shapely 2</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="155" />
      <source>Installing shapely 2 into {} …</source>
      <translation>正在安装 shapely 2 到 {} …</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="121" />
      <source>Kind</source>
      <translation>指标类型</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="100" />
      <source>Land use</source>
      <translation>用地用途</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="109" />
      <source>Land-use code</source>
      <translation>用地用海代码</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="80" />
      <source>Last 30 days</source>
      <translation>最近 30 天</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="81" />
      <source>Last 365 days</source>
      <translation>最近一年</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="79" />
      <source>Last 7 days</source>
      <translation>最近 7 天</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="94" />
      <source>Layer</source>
      <translation>图层</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="86" />
      <source>Layer holding the site (CAD layer of a DXF)</source>
      <translation>用地红线所在图层（DXF 为 CAD 图层）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="127" />
      <source>Layers and method / data source</source>
      <translation>计算图层和方法 / 现状值数据来源</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="67" />
      <source>Load the Hengyang plan</source>
      <translation>加载衡阳规划</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="152" />
      <source>Loaded {} plan layers.</source>
      <translation>已加载 {} 个规划图层。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="111" />
      <source>Mapping unit</source>
      <translation>制图单位</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="108" />
      <source>Measures the plan data against the targets in its GHZB table.</source>
      <translation>对照 GHZB 指标表中的目标值测算规划数据。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/indicators_algorithm.py" line="88" />
      <source>Measures the plan's indicators from the plan data and compares them with the targets in the GHZB table: 永久基本农田, 生态保护红线 and 城镇开发边界 areas (市域 and 市辖区), the city line areas by level (中心城区), river crossings and school counts. Each row says met / not met and the difference (computed minus target, in the target's unit). 耕地保有量 is the 图斑地类面积 (TBDLMJ) of the 国土调查 DLTB's 耕地 by 坐落单位 when the plan has DLTB; the non-spatial indicators are listed as not computable from the data. OUTPUT_COUNTIES (optional) gives the control line areas per county.</source>
      <translation>根据规划数据测算规划指标，并与 GHZB 指标表中的目标值比较：永久基本农田、生态保护红线和城镇开发边界面积（市域与市辖区）、分级城市四线面积（中心城区）、跨江通道数量与学校数量。每行给出达标/未达标及差值（测算值减目标值，单位同目标值）。规划数据含国土调查地类图斑（DLTB）时，耕地保有量为按坐落单位汇总的耕地图斑地类面积（TBDLMJ）；非空间指标列为“无法由数据测算”。OUTPUT_COUNTIES（可选）输出分县（市、区）的控制线面积。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="109" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="307" />
      <source>New case: the previous case's {} parcel(s), case fields and result were cleared. Draw the new site.</source>
      <translation>新案件：已清除上一案件的 {} 个地块、案件信息和审查结果。请绘制新的送审红线。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="269" />
      <source>No earlier version of this case is in the log.</source>
      <translation>审查留痕中没有该案件的早期版本。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="98" />
      <source>No earlier version of “{}” in the review log; choose its review.json to compare.</source>
      <translation>审查留痕中没有“{}”的早期版本，请选择其 review.json 进行比对。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="70" />
      <source>No plan feature at this point.</source>
      <translation>该点没有规划要素。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="266" />
      <source>No plan layer could be opened from {}</source>
      <translation>无法从 {} 打开任何规划图层</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="49" />
      <source>No plan loaded. Click “Load the Hengyang plan” on the toolbar.</source>
      <translation>尚未加载规划。请点击工具栏上的“加载衡阳规划”。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="115" />
      <source>No review yet.</source>
      <translation>尚未审查。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="153" />
      <source>No reviews logged yet.</source>
      <translation>尚无审查记录。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="223" />
      <source>No warnings.</source>
      <translation>无警告。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="118" />
      <source>None (use the file above)</source>
      <translation>无（使用上面的文件）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="87" />
      <source>Not within the control corridor of any {}</source>
      <translation>不在{}控制范围内</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="88" />
      <source>Not within {}</source>
      <translation>不在{}内</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="113" />
      <source>Open report</source>
      <translation>打开报告</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="121" />
      <source>Or PostgreSQL connection</source>
      <translation>或 PostgreSQL 连接</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="189" />
      <source>Or install the package python3-shapely with the OSGeo4W installer (osgeo4w-setup.exe, Advanced Install).</source>
      <translation>也可以用 OSGeo4W 安装程序（osgeo4w-setup.exe，高级安装）安装 python3-shapely 包。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="75" />
      <source>Or: submission files</source>
      <translation>或：送审文件</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="97" />
      <source>Output folder</source>
      <translation>输出文件夹</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="284" />
      <source>Owner: {}</source>
      <translation>权属单位：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="425" />
      <source>PDF (*.pdf);;PNG image (*.png)</source>
      <translation>PDF (*.pdf);;PNG 图片 (*.png)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="109" />
      <source>Parcel</source>
      <translation>地块编号</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="289" />
      <source>Parcel {}</source>
      <translation>地块 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/draw_site_tool.py" line="138" />
      <source>Parcel {} added to the site layer ({} ha)</source>
      <translation>地块 {} 已加入送审红线（{} 公顷）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="78" />
      <source>Parcel {}: {}</source>
      <translation>地块{}：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="129" />
      <source>Parcels</source>
      <translation>地块</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="317" />
      <source>Passing parcels ({})</source>
      <translation>通过的地块（{} 个）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="149" />
      <source>Permanent basic farmland</source>
      <translation>永久基本农田</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="115" />
      <source>Plan</source>
      <translation>规划</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/checkplan_algorithm.py" line="64" />
      <source>Plan (GeoPackage, folder or PG:…; empty = the plan in the options)</source>
      <translation>规划数据（GeoPackage、文件夹或 PG:…；留空 = 选项中设置的规划）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="82" />
      <source>Plan (GeoPackage, folder; empty = sample)</source>
      <translation>规划数据（GeoPackage 或文件夹；留空为示意数据）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="95" />
      <source>Plan QA</source>
      <translation>规划成果质检</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="114" />
      <source>Plan indicators</source>
      <translation>规划指标</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="60" />
      <source>Plan layer</source>
      <translation>规划图层</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="80" />
      <source>Plan layer {} ({}) could not be opened: {}</source>
      <translation>规划图层 {}（{}）无法打开：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="86" />
      <source>Plan layer {} ({}) is missing from {}</source>
      <translation>规划图层 {}（{}）在 {} 中缺失</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/base_algorithm.py" line="27" />
      <source>Plan monitoring</source>
      <translation>规划监测评估</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="90" />
      <source>Plan review panel</source>
      <translation>规划审查面板</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="55" />
      <source>Plan source</source>
      <translation>规划数据源</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="63" />
      <source>Plan source: {}</source>
      <translation>规划数据源：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="75" />
      <source>Previous</source>
      <translation>上一版</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="51" />
      <source>Previous version from review.json…</source>
      <translation>从 review.json 读取上一版……</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="152" />
      <source>Previous: {} ({}) — this version: {} ({})</source>
      <translation>上一版：{}（{}）— 本版：{}（{}）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="79" />
      <source>Print the review sheet</source>
      <translation>打印审查图</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="97" />
      <source>Project name</source>
      <translation>项目名称</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="84" />
      <source>Proposed land use</source>
      <translation>拟建用途</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="81" />
      <source>Proposed land use (用地用海 code)</source>
      <translation>拟建用途（用地用海代码）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="88" />
      <source>Proposed land use for every case (用地用海 code; empty = each file's own)</source>
      <translation>各案件的拟建用途（用地用海代码；留空则采用各文件自带的代码）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/checkplan_algorithm.py" line="72" />
      <source>QA error layer</source>
      <translation>质检问题图层</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/checkplan_algorithm.py" line="71" />
      <source>QA report (JSON)</source>
      <translation>质检报告（JSON）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="160" />
      <source>QA report written to {}</source>
      <translation>质检报告已写入 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/print_layout.py" line="146" />
      <source>QGIS could not load the layout template: {}</source>
      <translation>QGIS 无法载入审查图模板：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="111" />
      <source>Query</source>
      <translation>查询</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="83" />
      <source>Query the plan at a point</source>
      <translation>规划查询</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="49" />
      <source>Reads a boundary-point coordinate file (界址点坐标 TXT: [属性描述] and [地块坐标] sections, GBK or UTF-8) into polygons, one feature per parcel, in the file's CGCS2000 Gauss-Kruger zone (from 带号 or the Y zone prefix). Holes (圈号 2, 3 ...) are kept. Files in 1980 Xi'an or 1954 Beijing coordinates are refused. Problems that can be repaired (an unclosed ring, declared area or point count that does not match, swapped X/Y) are reported as warnings.</source>
      <translation>读取界址点坐标文件（含[属性描述]与[地块坐标]两节，GBK 或 UTF-8 编码），每个地块生成一个面要素，坐标系为文件所在的 CGCS2000 高斯-克吕格投影带（由带号或 Y 坐标带号前缀确定）。保留内环（圈号 2、3……）。拒绝 1980 西安坐标系或 1954 北京坐标系的文件。可修复的问题（环未闭合、申报面积或界址点数不符、X/Y 填反）以警告报告。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="84" />
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="88" />
      <source>Replace the parcels already in the site layer</source>
      <translation>替换送审红线中已有的地块</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="104" />
      <source>Report folder</source>
      <translation>报告文件夹</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="385" />
      <source>Report folder (*)</source>
      <translation>报告文件夹 (*)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="113" />
      <source>Resubmission diff</source>
      <translation>复审对比</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="126" />
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="106" />
      <source>Review</source>
      <translation>审查</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="45" />
      <source>Review a case, then compare it with its previous version.</source>
      <translation>先审查一个案件，再与其上一版比对。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="58" />
      <source>Review a submission against the plan</source>
      <translation>按总体规划审查送审用地</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="83" />
      <source>Review every parcel with this land use, whatever its own 地类编码</source>
      <translation>所有地块都按此用途审查，不用地块自带的地类编码</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="238" />
      <source>Review finished: {}</source>
      <translation>审查完成：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="112" />
      <source>Review log</source>
      <translation>审查留痕</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="125" />
      <source>Review map sheet (PDF)</source>
      <translation>审查图（PDF）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="104" />
      <source>Review report (HTML)</source>
      <translation>审查意见表（HTML）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="111" />
      <source>Review report (PDF)</source>
      <translation>审查意见表（PDF）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="118" />
      <source>Review report (Word, editable)</source>
      <translation>审查意见表（Word，可编辑）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="402" />
      <source>Review report written to {}</source>
      <translation>审查意见表已保存到 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="128" />
      <source>Review result (*.json)</source>
      <translation>审查结果 (*.json)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="98" />
      <source>Review result (JSON)</source>
      <translation>审查结果（JSON）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="437" />
      <source>Review sheet written: {}</source>
      <translation>审查图已保存：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="103" />
      <source>Reviewer</source>
      <translation>审查人</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="106" />
      <source>Reviewing unit</source>
      <translation>审查单位</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="61" />
      <source>Reviews a site boundary (界址点 TXT or any vector file) and its proposed land use (用地用海 code) against the Hengyang master plan: pass / fail / needs manual review, with areas in m², ha and mu and the rule behind each finding. PLAN: a GeoPackage, a folder of shapefiles, a PG: source, or empty for the plan set in the plugin options (the bundled sample when none is set). LAYER: the layer (CAD layer of a DXF) holding the site, when the file has several that could be it. CRS: the CRS of a file that defines none (a DXF without zone-prefixed eastings); a file's own CRS always wins.</source>
      <translation>按衡阳市国土空间总体规划审查用地红线（界址点坐标 TXT 或任意矢量文件）及其拟建用途（用地用海代码）：给出通过 / 不通过 / 需人工复核结论，列出以平方米、公顷、亩计的面积及每项结论的依据。规划数据：GeoPackage、Shapefile 文件夹或 PG: 连接串，留空则使用插件选项中设置的规划（未设置时为内置示例规划）。图层：文件中有多个图层都可能是用地红线时，指定红线所在的图层（DXF 为 CAD 图层）。坐标系：文件本身没有坐标系（如东坐标不带带号的 DXF）时采用的坐标系；文件自带的坐标系始终优先。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="52" />
      <source>Reviews every submission in a folder against the Hengyang master plan: each 界址点 TXT or vector file at the top of the folder is a case, and so is each sub-folder holding one submission file. Every case gets its own folder in OUTPUT_FOLDER with review.json, review.html and review.pdf; summary.csv (UTF-8 with BOM, opens in Excel) lists case, verdict, site area and the area of each conflicting check. A case that cannot be read becomes an error row with its message and the batch goes on. OUTPUT_FOLDER must not be the submission folder or inside it, and must not already hold the summary.csv of an earlier batch (nothing of an earlier run is overwritten). Cancel stops the running case and keeps the finished ones. LAND_USE, when given, applies to every case; empty uses each submission's own land-use code. Every review is recorded in the review log.</source>
      <translation>对照衡阳市国土空间总体规划批量审查文件夹中的全部送审材料：文件夹顶层的每个界址点 TXT 或矢量文件为一个案件，每个只含一个送审文件的子文件夹也是一个案件。每个案件在 OUTPUT_FOLDER 中有自己的文件夹，内含 review.json、review.html 和 review.pdf；summary.csv（带 BOM 的 UTF-8，可直接用 Excel 打开）列出案件、结论、用地面积及各冲突审查项的面积。无法读取的案件记为错误行并注明原因，批处理继续进行。OUTPUT_FOLDER 不能是送审文件夹或其中的子文件夹，也不能已含上次批量审查的 summary.csv（不覆盖以前的任何结果）。取消会停止正在审查的案件，并保留已完成的案件。给定 LAND_USE 时适用于所有案件；留空则采用各送审材料自带的用地用海代码。每次审查均记入审查留痕日志。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="77" />
      <source>Rule</source>
      <translation>管控规则</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="321" />
      <source>Run a review first.</source>
      <translation>请先运行审查。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="103" />
      <source>Run from</source>
      <translation>运行方式</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="112" />
      <source>Run review</source>
      <translation>运行审查</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="78" />
      <source>Run the review</source>
      <translation>运行审查</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="192" />
      <source>Run these commands in a terminal, then restart QGIS:</source>
      <translation>请在终端中依次运行以下命令，然后重启 QGIS：</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="188" />
      <source>Run this in the OSGeo4W Shell (Start menu ▸ OSGeo4W Shell), then restart QGIS:</source>
      <translation>请在 OSGeo4W Shell（开始菜单 ▸ OSGeo4W Shell）中运行以下命令，然后重启 QGIS：</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="110" />
      <source>Same as the reviewing unit</source>
      <translation>同审查单位</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="57" />
      <source>Save diff.json and HTML…</source>
      <translation>保存 diff.json 与 HTML……</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="192" />
      <source>Saved {} and {}</source>
      <translation>已保存 {} 与 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="124" />
      <source>Schema</source>
      <translation>模式</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="120" />
      <source>Scope</source>
      <translation>范围</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="219" />
      <source>Select a review first.</source>
      <translation>请先选择一条审查记录。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="62" />
      <source>Selected features only</source>
      <translation>仅使用选中要素</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="178" />
      <source>Several layers could be the site: choose one in the Layer list above.</source>
      <translation>有多个图层可能是用地红线，请在上方“图层”列表中选择一个。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="132" />
      <source>Sheet size (A3 landscape or A4 portrait)</source>
      <translation>审查图幅面（A3 横向或 A4 纵向）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="116" />
      <source>Show result</source>
      <translation>查看结果</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="180" />
      <source>Show the commands</source>
      <translation>查看命令</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="64" />
      <source>Site</source>
      <translation>红线</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="61" />
      <source>Site (用地红线)</source>
      <translation>用地红线</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/base_algorithm.py" line="26" />
      <source>Site coordinates</source>
      <translation>界址点坐标</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="76" />
      <source>Site coordinates (*.txt)</source>
      <translation>界址点坐标 (*.txt)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="63" />
      <source>Site parcels</source>
      <translation>送审地块</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="118" />
      <source>Site polygons</source>
      <translation>送审红线面图层</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="134" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="99" />
      <source>Submission</source>
      <translation>送审材料</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/review_algorithm.py" line="73" />
      <source>Submission (用地红线)</source>
      <translation>送审用地（用地红线）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/checkplan_algorithm.py" line="70" />
      <source>Summary</source>
      <translation>摘要</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="98" />
      <source>Summary table (summary.csv)</source>
      <translation>汇总表（summary.csv）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="122" />
      <source>Target</source>
      <translation>目标值</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/base_algorithm.py" line="55" />
      <source>The PLAN connection string carries a plain password (password=), which qgis_process echoes with its inputs. Use a PostgreSQL service file (PG:service=…, password in ~/.pgpass) or the QGIS authentication manager (authcfg=) instead.</source>
      <translation>PLAN 连接串中写有明文密码（password=），qgis_process 会在回显输入参数时显示它。请改用 PostgreSQL 服务文件（PG:service=…，密码放在 ~/.pgpass）或 QGIS 认证管理器（authcfg=）。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="183" />
      <source>The input has no usable CRS; set a CGCS2000 CRS first.</source>
      <translation>输入图层没有可用的坐标系，请先设置 CGCS2000 坐标系。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/print_layout.py" line="139" />
      <source>The layout template cannot be read: {}</source>
      <translation>无法读取审查图模板：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/print_layout.py" line="142" />
      <source>The layout template is not valid XML: {}</source>
      <translation>审查图模板不是有效的 XML：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/print_layout.py" line="152" />
      <source>The layout template {} lacks the items: {}</source>
      <translation>审查图模板 {} 缺少以下元素：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/checkplan_algorithm.py" line="82" />
      <source>The plan QA was cancelled.</source>
      <translation>规划成果质检已取消。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="100" />
      <source>The review engine needs the Python package shapely 2 ({}). Click “Install dependency”, then restart QGIS.</source>
      <translation>审查引擎需要 Python 包 shapely 2（{}）。请点击“安装依赖”，完成后重启 QGIS。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="153" />
      <source>The review log is not configured.</source>
      <translation>未配置审查留痕日志。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/base_algorithm.py" line="65" />
      <source>The review was cancelled.</source>
      <translation>审查已取消。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="128" />
      <source>The schema's tables carry the national layer names. Credentials come from the selected authentication configuration, a pg_service file or .pgpass; no password is stored with the plugin's settings. A PG: connection string may also be typed into the plan source field.</source>
      <translation>模式中的表使用国家数据库规范的图层名。凭据来自所选的认证配置、pg_service 文件或 .pgpass；插件设置中不保存任何密码。也可以在规划数据一栏直接输入 PG: 连接串。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="92" />
      <source>The style of plan layer {} ({}) could not be applied: {}</source>
      <translation>规划图层 {}（{}）的样式无法应用：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="162" />
      <source>This is not the sample plan: check it (质检) before reviewing against it.</source>
      <translation>当前加载的不是示例规划数据：审查前请先做规划成果质检。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="223" />
      <source>This review has no report and no logged result.</source>
      <translation>该审查既没有报告也没有留痕结果。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="76" />
      <source>This version</source>
      <translation>本版</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/diff_panel.py" line="54" />
      <source>This version from review.json…</source>
      <translation>从 review.json 读取本版……</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="96" />
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="231" />
      <source>Type the 现状值 from: {}</source>
      <translation>按此来源填写现状值：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="125" />
      <source>Unit</source>
      <translation>单位</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="151" />
      <source>Urban development boundary</source>
      <translation>城镇开发边界</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="109" />
      <source>Use</source>
      <translation>用途</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="80" />
      <source>Used for parcels without their own 地类编码</source>
      <translation>用于没有自带地类编码的地块</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="78" />
      <source>Vector files</source>
      <translation>矢量文件</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="101" />
      <source>Verdict</source>
      <translation>结论</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="210" />
      <source>Verdict: {}</source>
      <translation>审查结论：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="131" />
      <source>Warnings</source>
      <translation>警告</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="60" />
      <source>What applies here</source>
      <translation>该点适用的规划内容</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/batch_algorithm.py" line="93" />
      <source>Write review.json only (no HTML/PDF)</source>
      <translation>只写 review.json（不生成 HTML/PDF）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="108" />
      <source>Writes polygons as a boundary-point coordinate file (界址点坐标 TXT, GB18030 with CRLF), one parcel per feature with 地块编号, 地块名称, 地块用途 and 地类编码 taken from fields of those names (or DKBH, YDYHFLDM ...). Layers in a CGCS2000 Gauss-Kruger CRS keep their coordinates; others are projected to the CGCS2000 3-degree zone of the site, with zone prefix.</source>
      <translation>将面要素写为界址点坐标文件（GB18030 编码、CRLF 换行），每个要素一个地块，地块编号、地块名称、地块用途、地类编码取自同名字段（或 DKBH、YDYHFLDM 等）。CGCS2000 高斯-克吕格投影的图层保持原坐标，其他图层投影到地块所在的 CGCS2000 3 度带（带带号前缀）。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="73" />
      <source>by parcel: {}</source>
      <translation>按地块：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="283" />
      <source>collective land: expropriation required</source>
      <translation>集体土地，须依法办理土地征收</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="64" />
      <source>hectares (公顷)</source>
      <translation>公顷</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="111" />
      <source>it has shapely {}, which is older than 2</source>
      <translation>已有的 shapely {} 低于 2.0</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/plan_query_tool.py" line="93" />
      <source>layer missing from the plan</source>
      <translation>规划数据中缺少该图层</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="71" />
      <source>missing</source>
      <translation>缺失</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="64" />
      <source>mu (亩)</source>
      <translation>亩</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="64" />
      <source>m²</source>
      <translation>平方米</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="172" />
      <source>no Python interpreter matching this QGIS was found</source>
      <translation>找不到与本 QGIS 相同的 Python 解释器</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="187" />
      <source>no code: not specified</source>
      <translation>无地类编码，用途未指定</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="261" />
      <source>not a readable vector layer</source>
      <translation>不是可读取的矢量图层</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="69" />
      <source>not specified</source>
      <translation>未指定</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="72" />
      <source>parcel {} {}</source>
      <translation>地块 {} 按 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="174" />
      <source>pip failed (exit code {})</source>
      <translation>pip 安装失败（退出码 {}）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="173" />
      <source>pip is not available for {}</source>
      <translation>{} 没有可用的 pip</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="109" />
      <source>shapely is not installed</source>
      <translation>未安装 shapely</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="112" />
      <source>shapely {} does not work: {}</source>
      <translation>shapely {} 无法使用：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="168" />
      <source>shapely {} is installed in {}. Restart QGIS to use the Hengyang plan review.</source>
      <translation>已将 shapely {} 安装到 {}。请重启 QGIS 以使用衡阳规划审查。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="185" />
      <source>style file not found: {}</source>
      <translation>未找到样式文件：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/qgis_adapters/plan_loader.py" line="188" />
      <source>style file not readable: {}</source>
      <translation>样式文件无法读取：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="176" />
      <source>the installation was cancelled</source>
      <translation>安装已取消</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/dependency_notice.py" line="175" />
      <source>the installed shapely does not work: {}</source>
      <translation>安装的 shapely 无法使用：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_panel.py" line="185" />
      <source>{} (proposed land use)</source>
      <translation>{}（拟建用途）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="161" />
      <source>{} ({} shapes)</source>
      <translation>{}（{} 个图形）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/toolbelt/tasks.py" line="74" />
      <source>{} failed: {}</source>
      <translation>{}失败：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/coordinate_algorithms.py" line="138" />
      <source>{} is not a CGCS2000 Gauss-Kruger CRS: coordinates are projected to {}</source>
      <translation>{} 不是 CGCS2000 高斯-克吕格投影坐标系：坐标已投影到 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="215" />
      <source>{} met, {} not met, {} 非空间指标 awaiting their 现状值 — {}</source>
      <translation>{} 项达标，{} 项未达标，{} 项非空间指标待填现状值 — {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/import_dialog.py" line="207" />
      <source>{} parcels, {} ha in total, CRS {}</source>
      <translation>共 {} 个地块，合计 {} 公顷，坐标系 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/review_log_panel.py" line="167" />
      <source>{} reviews — log: {}</source>
      <translation>{} 条审查记录 — 日志：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/toolbelt/tasks.py" line="70" />
      <source>{} was cancelled.</source>
      <translation>{}已取消。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="124" />
      <source>{} — {} ({:.1f} s)</source>
      <translation>{} — {}（{:.1f} 秒）</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/result_view.py" line="230" />
      <source>{}: {} parcel(s), {}; land use {}</source>
      <translation>{}：{} 个地块，{}；拟建用途 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="260" />
      <source>“{}” is not a number: type the 现状值 of {} in {}.</source>
      <translation>“{}”不是数字：请填写{}的现状值（单位：{}）。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="99" />
      <source>…and by</source>
      <translation>…且相对误差不超过</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/options_page.py" line="83" />
      <source>…or narrower than</source>
      <translation>……或窄于</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/land_use_picker.py" line="27" />
      <source>用地用海 code or name, e.g. 0701 or 住宅</source>
      <translation>用地用海代码或名称，如 0701 或 住宅</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/indicators_panel.py" line="137" />
      <source>空间指标 are measured from the plan layers shown; for a 非空间指标 type its 现状值 from the data source named, and it is compared with the target.</source>
      <translation>空间指标由所列规划图层计算；非空间指标请按所列数据来源填写现状值（双击单元格），填写后即与目标值比较。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/qa_panel.py" line="53" />
      <source>规划成果质检: structure, values, geometry and topology of the plan database, before reviews rely on it</source>
      <translation>规划成果质检：在审查依赖规划数据库之前，检查其结构、属性值、几何和拓扑</translation>
    </message>
  </context>
</TS>
