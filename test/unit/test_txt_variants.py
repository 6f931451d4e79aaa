"""界址点坐标 TXT as real exporters write it: each layout reads to the right geometry, or fails with one message.

Every file is built here: one 100 m × 100 m square in CGCS2000 3-degree zone 38
(EPSG:4526), a 20 m hole where one is used, in GBK (CRLF), UTF-8 with and
without BOM, and UTF-16 LE/BE with BOM (Windows Notepad "Unicode").
"""

from __future__ import annotations

import codecs

import pytest

from hengyang_plan_plugin.core.checks.geometry import declared_area_mismatch
from hengyang_plan_plugin.core.settings import ReviewSettings
from hengyang_plan_plugin.core.submission_model import SubmissionError
from hengyang_plan_plugin.core.txt_coordinates import looks_like_coordinate_txt, parse_txt, read_txt

HEADER = [
    "[属性描述]",
    "格式版本号=1.01版本",
    "数据产生单位=某自然资源局",
    "数据产生日期=2025-01-01",
    "坐标系=2000国家大地坐标系",
    "几度分带=3",
    "投影类型=高斯克吕格",
    "计量单位=米",
    "带号=38",
    "精度=0.001",
    "转换参数=,,,,,,",
    "[地块坐标]",
]  # the parcel line is line 13, the first point line 14

NORTH, WEST = 2977300.0, 38360900.0
SQUARE = [(NORTH, WEST), (NORTH, WEST + 100), (NORTH - 100, WEST + 100), (NORTH - 100, WEST)]
HOLE = [(NORTH - 40, WEST + 40), (NORTH - 40, WEST + 60), (NORTH - 60, WEST + 60), (NORTH - 60, WEST + 40)]
EAST_SQUARE = [(x, y + 300) for x, y in SQUARE]  # a second part, 200 m east of the first

ENCODINGS = {
    "gbk-crlf": lambda text: text.replace("\n", "\r\n").encode("gbk"),
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}


def ring(number, corners, first=1, close=True, prefix="J", template="{p}{n},{ring},{x:.3f},{y:.3f}"):
    """Point lines of one ring; points numbered from ``first``, closed by repeating the first point."""
    lines = [template.format(p=prefix, n=first + i, ring=number, x=x, y=y) for i, (x, y) in enumerate(corners)]
    return lines + [lines[0]] if close else lines


def txt(*body, header=HEADER) -> str:
    lines = []
    for part in body:
        lines.extend([part] if isinstance(part, str) else part)
    return "\n".join([*header, *lines]) + "\n"


def read(text: str, encoding: str = "utf-8"):
    return parse_txt(ENCODINGS[encoding](text), "variant.txt")


def refused(text: str, encoding: str = "utf-8") -> SubmissionError:
    with pytest.raises(SubmissionError) as caught:
        read(text, encoding)
    return caught.value


# --- layouts that read ------------------------------------------------------------------------------

# name -> (text, parts, holes, exact area m², declared m², warnings (each as a text it contains))
READS = {
    "A_baseline": (txt("5,1.0000,1,地块1,面,,城镇住宅用地,0701,@", ring(1, SQUARE)), 1, 0, 10000.0, 10000.0, []),
    "B_count_excludes_closing": (txt("4,1.0000,1,地块1,面,,,,@", ring(1, SQUARE)), 1, 0, 10000.0, 10000.0, []),
    "B_count_excludes_closing_two_rings": (
        txt("8,0.9600,1,地块1,面,,,,@", ring(1, SQUARE), ring(2, HOLE, first=5)),
        1,
        1,
        9600.0,
        9600.0,
        [],
    ),
    "C_area_gongqing": (txt("5,1.0000公顷,1,地块1,面,,,,@", ring(1, SQUARE)), 1, 0, 10000.0, 10000.0, []),
    "C_area_mu": (txt("5,15亩,1,地块1,面,,,,@", ring(1, SQUARE)), 1, 0, 10000.0, 10000.0, []),
    "C_area_pingfangmi": (txt("5,10000平方米,1,地块1,面,,,,@", ring(1, SQUARE)), 1, 0, 10000.0, 10000.0, []),
    "C_area_m2_sign": (txt("5,10000㎡,1,地块1,面,,,,@", ring(1, SQUARE)), 1, 0, 10000.0, 10000.0, []),
    "D_no_count_area_first": (txt("1.0000公顷,1,地块1,面,,,,@", ring(1, SQUARE)), 1, 0, 10000.0, 10000.0, []),
    "D_no_count_bare_area": (txt("1.0000,1,地块1,面,,,,@", ring(1, SQUARE)), 1, 0, 10000.0, 10000.0, []),
    "E_blank_fields_as_spaces_unclosed": (
        txt("4,1.0,FID_A,地块甲,面, , , ,@", ring(1, SQUARE, close=False)),
        1,
        0,
        10000.0,
        10000.0,
        ["第17行: 地块“FID_A”第1圈未闭合，已自动闭合"],
    ),
    "F_inner_ring_first": (
        txt("10,0.9600,1,地块1,面,,,,@", ring(2, HOLE, first=5), ring(1, SQUARE)),
        1,
        1,
        9600.0,
        9600.0,
        [],
    ),
    "F_inner_rings_first_unclosed": (
        txt("8,0.9600,1,地块1,面,,,,@", ring(2, HOLE, first=5, close=False), ring(1, SQUARE, close=False)),
        1,
        1,
        9600.0,
        9600.0,
        ["第17行: 地块“1”第2圈未闭合", "第21行: 地块“1”第1圈未闭合"],
    ),
    "G_ring_zero_second_part": (
        txt("10,2.0000,1,地块1,面,,,,@", ring(1, SQUARE), ring(0, EAST_SQUARE, first=5)),
        2,
        0,
        20000.0,
        20000.0,
        [],
    ),
    "G_ring_two_outside_ring_one": (
        txt("10,2.0000,1,地块1,面,,,,@", ring(1, SQUARE), ring(2, EAST_SQUARE, first=5)),
        2,
        0,
        20000.0,
        20000.0,
        [],
    ),
    "H_ring_as_part_index_4_5": (
        txt("10,2.0000,1,地块1,面,,,,@", ring(4, SQUARE), ring(5, EAST_SQUARE)),
        2,
        0,
        20000.0,
        20000.0,
        [],
    ),
    "island_in_a_hole": (
        txt(
            "15,0.6800,1,地块1,面,,,,@",
            ring(1, SQUARE),
            ring(
                2, [(NORTH - 20, WEST + 20), (NORTH - 20, WEST + 80), (NORTH - 80, WEST + 80), (NORTH - 80, WEST + 20)]
            ),
            ring(3, HOLE),
        ),
        2,
        1,
        10000.0 - 3600.0 + 400.0,
        6800.0,
        [],
    ),
    "I_easting_first_columns": (
        txt("5,1.0000,1,地块1,面,,,,@", ring(1, [(y, x) for x, y in SQUARE])),
        1,
        0,
        10000.0,
        10000.0,
        ["第13行: 地块“1”的X、Y坐标填反了"],
    ),
    "J_no_J_prefix_space_after_comma": (
        txt("5,1.0000,1,地块1,面,,,,@", ring(1, SQUARE, prefix="", template="{p}{n}, {ring}, {x:.3f}, {y:.3f}")),
        1,
        0,
        10000.0,
        10000.0,
        [],
    ),
    "K_short_yzt_parcel_line": (txt("1,地块1,面,,@", ring(1, SQUARE)), 1, 0, 10000.0, None, []),
    "L_extra_field_dishang": (
        txt("5,1.0000,1,地块1,面,,城镇住宅用地,地上,@", ring(1, SQUARE)),
        1,
        0,
        10000.0,
        10000.0,
        ["第13行: 地类编码“地上”不是用地用海分类代码"],
    ),
    "M_project_info_section": (
        txt("5,1.0000,1,地块1,面,,,,@", ring(1, SQUARE), header=["[项目信息]", "项目名称=某项目", *HEADER]),
        1,
        0,
        10000.0,
        10000.0,
        [],
    ),
    "N_header_fendai_key_empty_zone": (
        txt(
            "4,1.0000,,地块1,面,,,,@",
            ring(1, SQUARE, close=False),
            header=[
                "[属性描述]",
                "投影类型=高斯克吕格",
                "坐标系=2000国家大地坐标系",
                "分带=3度带",
                "带号=",
                "[地块坐标]",
            ],
        ),
        1,
        0,
        10000.0,
        10000.0,
        ["第7行: 地块没有编号，编为“1”", "第11行: 地块“1”第1圈未闭合"],
    ),
    "P_fullwidth_commas_parcel": (txt("5，1.0000，1，地块1，面，，，，@", ring(1, SQUARE)), 1, 0, 10000.0, 10000.0, []),
    "P_fullwidth_commas_points": (
        txt("5，1.0000，1，地块1，面，，，，@", ring(1, SQUARE, template="{p}{n}，{ring}，{x:.3f}，{y:.3f}")),
        1,
        0,
        10000.0,
        10000.0,
        [],
    ),
    "Q_header_leading_space_precision3_params0": (
        txt(
            "5,1.0000,1,地块1,面,,,,@",
            ring(1, SQUARE),
            header=[" [属性描述]", *HEADER[1:9], "精度=3", "转换参数=0,0,0,0,0,0,0", "[地块坐标]"],
        ),
        1,
        0,
        10000.0,
        10000.0,
        [],
    ),
    "R_area_in_m2_not_ha": (
        txt("5,10000.00,1,地块1,面,,,,@", ring(1, SQUARE)),
        1,
        0,
        10000.0,
        10000.0,
        ["第13行: 地块“1”的地块面积“10000.00”按公顷计是计算面积的约1万倍，像是把平方米填进了公顷栏"],
    ),
    "field_list_line": (
        txt(
            "【坐标点个数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@】",
            "5,1.0000,1,地块1,面,,,,@",
            ring(1, SQUARE),
        ),
        1,
        0,
        10000.0,
        10000.0,
        [],
    ),
    "field_list_line_unbracketed": (
        txt(
            "界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@",
            "5,1.0000,1,地块1,面,,,,@",
            ring(1, SQUARE),
        ),
        1,
        0,
        10000.0,
        10000.0,
        [],
    ),
    "coordinate_note_one_line": (
        txt("【地块坐标要求：X为北坐标，Y为带带号的东坐标】", "5,1.0000,1,地块1,面,,,,@", ring(1, SQUARE)),
        1,
        0,
        10000.0,
        10000.0,
        [],
    ),
    "coordinate_note_several_lines": (
        txt(
            "【地块坐标要求：",
            "界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@",
            "点号,圈号,X坐标,Y坐标】",
            "5,1.0000,1,地块1,面,,,,@",
            ring(1, SQUARE),
        ),
        1,
        0,
        10000.0,
        10000.0,
        [],
    ),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("name", sorted(READS))
def test_variant_reads_to_the_exact_geometry(name, encoding):
    text, parts, holes, area, declared, warnings = READS[name]
    submission = read(text, encoding)
    assert submission.crs == "EPSG:4526"
    assert len(submission.parcels) == 1
    parcel = submission.parcels[0]
    geometry = parcel.geometry
    polygons = list(getattr(geometry, "geoms", [geometry]))
    assert geometry.geom_type == ("Polygon" if parts == 1 else "MultiPolygon")
    assert len(polygons) == parts
    assert sum(len(p.interiors) for p in polygons) == holes
    assert geometry.is_valid
    assert geometry.area == pytest.approx(area, abs=1e-6)
    if declared is None:
        assert parcel.declared_area_m2 is None
    else:
        assert parcel.declared_area_m2 == pytest.approx(declared, rel=1e-12)
    assert len(submission.warnings) == len(warnings), submission.warnings
    for warning, expected in zip(submission.warnings, warnings):
        assert warning.startswith("variant.txt 第")
        assert expected in warning


def test_short_yzt_line_fields():
    parcel = read(txt("A-7,雁峰地块,面,城镇住宅用地,@", ring(1, SQUARE))).parcels[0]
    assert (parcel.id, parcel.name, parcel.attributes["图形属性"], parcel.land_use_name) == (
        "A-7",
        "雁峰地块",
        "面",
        "城镇住宅用地",
    )
    assert parcel.land_use == "0701"


def test_area_with_unit_and_point_count_as_in_the_web_exporter():
    # 8 lines: outer ring and hole, closing points included.
    submission = read(txt("10,0.9600公顷,,地块1,面,,,,@", ring(1, SQUARE), ring(2, HOLE, first=5)))
    parcel = submission.parcels[0]
    assert parcel.declared_area_m2 == pytest.approx(9600.0)
    assert submission.warnings == ["variant.txt 第13行: 地块没有编号，编为“1”"]


def test_a_point_count_that_is_neither_convention_still_warns():
    submission = read(txt("6,1.0000,1,地块1,面,,,,@", ring(1, SQUARE)))
    assert submission.warnings == ["variant.txt 第13行: 地块“1”的界址点数为6，实际读到5个坐标行"]


def test_area_in_m2_no_longer_looks_like_a_huge_mismatch():
    parcel = read(READS["R_area_in_m2_not_ha"][0]).parcels[0]
    assert declared_area_mismatch(parcel.declared_area_m2, parcel.geometry.area, ReviewSettings()) is None


def test_area_in_m2_keeps_a_real_difference_for_the_geometry_check():
    parcel = read(txt("5,10500,1,地块1,面,,,,@", ring(1, SQUARE))).parcels[0]
    assert parcel.declared_area_m2 == pytest.approx(10500.0)
    assert declared_area_mismatch(parcel.declared_area_m2, parcel.geometry.area, ReviewSettings()) is not None


def test_a_large_declared_area_in_hectares_is_not_taken_for_m2():
    parcel = read(txt("5,3.0000,1,地块1,面,,,,@", ring(1, SQUARE))).parcels[0]
    assert parcel.declared_area_m2 == pytest.approx(30000.0)


def test_full_width_commas_inside_a_name_stay_text():
    parcel = read(txt("5,1.0000,1,甲，乙地块,面,,,,@", ring(1, SQUARE))).parcels[0]
    assert parcel.name == "甲，乙地块"


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_utf16_and_other_encodings_keep_chinese_names(encoding, tmp_path):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(ENCODINGS[encoding](txt("5,1.0000,1,衡阳县西渡镇地块,面,,,,@", ring(1, SQUARE))))
    assert looks_like_coordinate_txt(path.read_bytes())
    submission = read_txt(path)
    assert submission.parcels[0].name == "衡阳县西渡镇地块"
    assert submission.warnings == []


@pytest.mark.parametrize("cut", range(2, 40))
def test_sniffing_a_cut_utf16_head_does_not_fail(cut):
    data = ENCODINGS["utf-16-le-bom"](txt("5,1.0000,1,地块1,面,,,,@", ring(1, SQUARE)))
    assert looks_like_coordinate_txt(data[:cut]) == (cut >= 2 + 2 * len("[属性描述]"))


def test_sniffing_accepts_full_width_brackets():
    assert looks_like_coordinate_txt("【属性描述】\n带号=38\n".encode("gbk"))


# --- layouts refused, each with one message at its line ----------------------------------------------

ZJGG = (
    "这是增减挂钩项目的坐标文件(坐标行为“点号,X,Y,边长,圈号”)，本插件不支持；"
    "请按勘测定界/建设用地报批格式(坐标行为“点号,圈号,X,Y”)导出后再导入"
)
LONLAT = (
    "这是经纬度坐标文件(没有[属性描述]节，坐标以度为单位)，不是界址点坐标文件；"
    "请转换为CGCS2000高斯-克吕格平面坐标，按界址点坐标格式(含[属性描述]节)导出后再导入"
)


def _closing_line_unswapped():
    lines = ring(1, [(y, x) for x, y in SQUARE])
    return lines[:-1] + [ring(1, SQUARE)[-1]]  # the exporter forgot to swap the closing point


def _one_line_swapped():
    lines = ring(1, SQUARE)
    lines[2] = ring(1, [(y, x) for x, y in SQUARE])[2]
    return lines


# name -> (text, line, exact message)
REFUSED = {
    "O_zjgg_6field_points": (
        txt(
            ",1.0000,,建新地块1,,,,水浇地,@",
            [f"J{i + 1},{x:.3f},{y:.3f},,1," for i, (x, y) in enumerate([*SQUARE, SQUARE[0]])],
            header=["[属性描述]", "投影类型=", "坐标系=", "分带=", "带号=", "[地块坐标]"],
        ),
        8,
        ZJGG,
    ),
    "S_geographic_lonlat_no_header": (
        txt(
            "12,地块1,面,公共基础设施,@",
            ring(1, [(112.6, 26.9), (112.601, 26.9), (112.601, 26.899)], template="{p}{n},{ring},{x:.6f},{y:.6f}"),
            header=["[地块坐标]"],
        ),
        3,
        LONLAT,
    ),
    "lonlat_under_a_gauss_kruger_header": (
        txt(
            "5,1.0000,1,地块1,面,,,,@",
            ring(1, [(26.9, 112.6), (26.9, 112.601), (26.899, 112.601)], template="{p}{n},{ring},{x:.6f},{y:.6f}"),
        ),
        14,
        "坐标(X=26.9, Y=112.6)像是经纬度，界址点坐标应为CGCS2000高斯-克吕格平面坐标(米)；请转换为平面坐标后再导入",
    ),
    "swapped_file_with_unswapped_closing_line": (
        txt("5,1.0000,1,地块1,面,,,,@", _closing_line_unswapped()),
        18,
        "此行X、Y的顺序与地块“1”的其他坐标行相反(其他行X列为东坐标、Y列为北坐标)，请把此行改成与其他行一致后再导入",
    ),
    "one_line_swapped": (
        txt("5,1.0000,1,地块1,面,,,,@", _one_line_swapped()),
        16,
        "此行X、Y填反了(X应为北坐标，Y应为东坐标)，与地块“1”的其他坐标行不同，请改正此行后再导入",
    ),
    "northing_missing_a_digit": (
        txt("5,1.0000,1,地块1,面,,,,@", ring(1, [(297730.0, WEST), *SQUARE[1:]])),
        14,
        "X坐标297730.000不是高斯-克吕格北坐标(应为7位整数的米数，衡阳约2 9xx xxx)；请检查此行或文件的坐标系",
    ),
    "local_coordinates": (
        txt("5,1.0000,1,地块1,面,,,,@", ring(1, [(5000.0, 3000.0), (5000.0, 3100.0), (4900.0, 3100.0)])),
        14,
        "X坐标5000.000不是高斯-克吕格北坐标(应为7位整数的米数，衡阳约2 9xx xxx)；请检查此行或文件的坐标系",
    ),
    "easting_with_seven_digits": (
        txt("5,1.0000,1,地块1,面,,,,@", ring(1, [(x, y - 34_525_000) for x, y in SQUARE])),
        14,
        "Y坐标3835900.000既不是带带号的东坐标(如38带为38xxxxxx)，也不是不带带号的6位东坐标；请检查此行或文件的坐标系",
    ),
    "unprefixed_without_zone": (
        txt(
            "5,1.0000,1,地块1,面,,,,@",
            ring(1, [(x, y - 38_000_000) for x, y in SQUARE]),
            header=[
                *HEADER[:8],
                *HEADER[9:],
            ],
        ),
        1,
        "无法确定投影带: 表头没有带号，Y坐标也没有带号前缀；请在表头写明带号(如“带号=38”)，或在Y坐标前加上带号后再导入",
    ),
    "hole_crossing_the_outer_ring": (
        txt("10,1.0000,1,地块1,面,,,,@", ring(1, SQUARE), ring(2, [(x + 50, y) for x, y in HOLE], first=5)),
        19,
        "地块“1”第2圈(第19行起)与第1圈(第14行起)部分重叠：内环应完全在外环之内，分开的部分不能相交；请检查坐标",
    ),
    "ring_written_twice": (
        txt("10,1.0000,1,地块1,面,,,,@", ring(1, SQUARE), ring(2, SQUARE, first=5)),
        19,
        "地块“1”第2圈(第19行起)与第1圈(第14行起)重合：内环应完全在外环之内，分开的部分不能相交；请检查坐标",
    ),
    "note_never_closed": (
        txt("【地块坐标要求：X为北坐标", "5,1.0000,1,地块1,面,,,,@", ring(1, SQUARE)),
        13,
        "[地块坐标]下的说明以“【”开始，却没有以“】”结束",
    ),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_variant_has_one_message_at_its_line(name, encoding):
    text, line, message = REFUSED[name]
    error = refused(text, encoding)
    assert error.path == "variant.txt"
    assert error.line == line
    assert error.bare_message == f"第{line}行: {message}"
    assert str(error) == f"variant.txt:{line}: 第{line}行: {message}"


def test_utf16_bom_with_broken_bytes_names_the_line():
    data = codecs.BOM_UTF16_LE + "[属性描述]\n带号=38\n".encode("utf-16-le") + b"\x00\xd8A\x00"
    error = refused_bytes(data)
    assert error.bare_message == "第3行: 文件以UTF-16 BOM开头，但含有不是UTF-16编码的字节"


def refused_bytes(data: bytes) -> SubmissionError:
    with pytest.raises(SubmissionError) as caught:
        parse_txt(data, "variant.txt")
    return caught.value
