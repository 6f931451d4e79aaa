<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>HengyangPlan</name>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="33" />
      <source>&amp;Hengyang plan review</source>
      <translation>衡阳规划审查(&amp;H)</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="46" />
      <source>Bundled sample data (示意数据), not the statutory plan.</source>
      <translation>内置示意数据，非法定规划成果。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="82" />
      <source>Hengyang plan</source>
      <translation>衡阳规划</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="57" />
      <source>Hengyang plan review</source>
      <translation>衡阳规划审查</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/processing/provider.py" line="25" />
      <source>Hengyang plan review {}</source>
      <translation>衡阳国土空间规划审查 {}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="52" />
      <source>Load the Hengyang plan</source>
      <translation>加载衡阳规划</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="89" />
      <source>Loaded {} plan layers.</source>
      <translation>已加载 {} 个规划图层。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="30" />
      <source>No plan loaded. Click “Load the Hengyang plan” on the toolbar.</source>
      <translation>尚未加载规划。请点击工具栏上的“加载衡阳规划”。</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="63" />
      <source>Plan</source>
      <translation>规划</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="83" />
      <source>Plan layers not found: {}</source>
      <translation>未找到以下规划图层：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/plugin.py" line="56" />
      <source>Plan review panel</source>
      <translation>规划审查面板</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="44" />
      <source>Plan source: {}</source>
      <translation>规划数据源：{}</translation>
    </message>
    <message>
      <location filename="hengyang_plan_plugin/gui/dock.py" line="52" />
      <source>missing</source>
      <translation>缺失</translation>
    </message>
  </context>
</TS>
