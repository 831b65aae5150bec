import { identify } from '../src/extract/identity';
import { agencyKey, canonicalAgency, sameAgencyName } from '../src/model/agencies';
import { encodeAddress, type Grid, type Sheet } from '../src/read/grid';

/** A sheet whose rows hold the given texts (null: an empty cell). */
function sheet(name: string, rows: Array<Array<string | null>> = []): Sheet {
  return {
    name,
    truncated: false,
    rows: rows.map((row, r) => row.map((text, c) => (text === null ? undefined : { address: encodeAddress(r, c), value: text, text }))),
  };
}

const grid = (...sheets: Sheet[]): Grid => ({ format: 'xlsx', sheets });
/** A report with a title in A1 and a table below it. */
const titled = (title: string): Grid => grid(sheet('Sheet1', [[title], ['二、主动公开政府信息情况'], ['信息内容', '本年制发件数']]));
const untitled = (): Grid => grid(sheet('Sheet1', [['二、主动公开政府信息情况'], ['信息内容', '本年制发件数']]));

describe('identify', () => {
  describe('from the title', () => {
    it.each([
      ['枣庄市市中区综合行政执法局2021年政府信息公开工作年度报告', '枣庄市市中区综合行政执法局', 2021],
      ['2019年上海市人民政府办公厅政府信息公开工作年度报告', '上海市人民政府办公厅', 2019],
      ['枣庄市市中区光明路街道办事处2023年政府信息公开年度报告', '枣庄市市中区光明路街道办事处', 2023],
      ['枣庄市市中区民政局2022年度政府信息公开工作年度报告', '枣庄市市中区民政局', 2022],
      ['枣庄市市中区民政局\n２０２２年 政府信息公开工作年度报告', '枣庄市市中区民政局', 2022],
      ['附件1：枣庄市市中区财政局2022年政府信息公开工作年度报告', '枣庄市市中区财政局', 2022],
    ])('%s', (title, agency, year) => {
      expect(identify(titled(title), '年报.xlsx', {})).toEqual({ agency, year });
    });

    it('finds a title in any of the first rows, in any column', () => {
      const g = grid(sheet('Sheet1', [[], [null, null, '枣庄市市中区商务局2022年政府信息公开工作年度报告'], ['二、主动公开政府信息情况']]));
      expect(identify(g, '年报.xlsx', {})).toEqual({ agency: '枣庄市市中区商务局', year: 2022 });
    });

    it('does not take a paragraph further down for a title', () => {
      const rows: Array<Array<string | null>> = [['二、主动公开政府信息情况'], [], [], [], [], [], ['枣庄市市中区商务局2022年政府信息公开工作年度报告']];
      expect(identify(grid(sheet('Sheet1', rows)), '年报.xlsx', {})).toEqual({ agency: null, year: null });
    });

    it('finds a title in a sheet name', () => {
      const g = grid(sheet('枣庄市市中区审计局2022年政府信息公开工作年度报告', [['二、主动公开政府信息情况']]));
      expect(identify(g, '年报.xlsx', {})).toEqual({ agency: '枣庄市市中区审计局', year: 2022 });
    });

    it('finds a title on a later sheet', () => {
      const g = grid(sheet('说明', [['填报说明']]), sheet('年报', [['枣庄市市中区审计局2022年政府信息公开工作年度报告']]));
      expect(identify(g, '年报.xlsx', {})).toEqual({ agency: '枣庄市市中区审计局', year: 2022 });
    });

    it('takes a mistyped year (1021, 2222) as no year, so the file name or the operator can give it', () => {
      expect(identify(titled('枣庄市市中区民政局1021年政府信息公开工作年度报告'), '年报.xlsx', {})).toEqual({ agency: '枣庄市市中区民政局', year: null });
      expect(identify(titled('枣庄市市中区民政局1021年政府信息公开工作年度报告'), '民政局_2021.xlsx', {})).toEqual({ agency: '枣庄市市中区民政局', year: 2021 });
      expect(identify(untitled(), '民政局_2222.xlsx', {})).toEqual({ agency: '民政局', year: null });
    });

    it('prefers the title to the file name', () => {
      expect(identify(titled('枣庄市市中区民政局2021年政府信息公开工作年度报告'), '民政局_2022.xlsx', {}))
        .toEqual({ agency: '枣庄市市中区民政局', year: 2021 });
    });
  });

  describe('from the file name, when there is no title', () => {
    it.each([
      ['枣庄市市中区审计局_2022.xlsx', '枣庄市市中区审计局', 2022],
      ['枣庄市市中区审计局-2022.csv', '枣庄市市中区审计局', 2022],
      ['枣庄市市中区审计局 2022年.xls', '枣庄市市中区审计局', 2022],
      ['枣庄市市中区审计局2022年度.et', '枣庄市市中区审计局', 2022],
      ['2022年枣庄市市中区审计局政府信息公开年报.xlsx', '枣庄市市中区审计局', 2022],
      ['2022年枣庄市市中区审计局.xlsx', '枣庄市市中区审计局', 2022],
      ['枣庄市市中区审计局2022年政府信息公开工作年度报告.xlsx', '枣庄市市中区审计局', 2022],
    ])('%s', (file, agency, year) => {
      expect(identify(untitled(), file, {})).toEqual({ agency, year });
    });

    it('reads only the base name of a path', () => {
      expect(identify(untitled(), '2022/枣庄市市中区审计局_2022.xlsx', {})).toEqual({ agency: '枣庄市市中区审计局', year: 2022 });
    });
  });

  describe('from the operator', () => {
    it('lets --agency and --year win over the title and the file name', () => {
      const g = titled('枣庄市市中区民政局2021年政府信息公开工作年度报告');
      expect(identify(g, '财政局_2020.xlsx', { agency: '枣庄市市中区教育局', year: 2022 })).toEqual({ agency: '枣庄市市中区教育局', year: 2022 });
    });

    it('takes each part from the first source that has it', () => {
      const g = titled('枣庄市市中区民政局2021年政府信息公开工作年度报告');
      expect(identify(g, '年报.xlsx', { year: 2022 })).toEqual({ agency: '枣庄市市中区民政局', year: 2022 });
      expect(identify(untitled(), '年报.xlsx', { agency: '枣庄市市中区教育局' })).toEqual({ agency: '枣庄市市中区教育局', year: null });
    });
  });

  it('finds nothing when neither the sheets nor the file name say', () => {
    expect(identify(untitled(), '年报表格.xlsx', {})).toEqual({ agency: null, year: null });
    expect(identify(untitled(), 'report.csv', {})).toEqual({ agency: null, year: null });
  });

  describe('titles as departments write them (issue 13)', () => {
    it.each([
      ['枣庄市市中区税郭镇人民政府二〇二二年政府信息公开工作年度报告', '枣庄市市中区税郭镇人民政府', 2022],
      ['枣庄市市中区税郭镇人民政府二零二零年政府信息公开工作年度报告', '枣庄市市中区税郭镇人民政府', 2020],
      ['枣庄市市中区税郭镇人民政府二○二一年度政府信息公开工作年度报告', '枣庄市市中区税郭镇人民政府', 2021],
      ['二〇二二年枣庄市市中区税郭镇人民政府政府信息公开工作年度报告', '枣庄市市中区税郭镇人民政府', 2022],
      ['枣庄市市中区永安镇人民政府政府信息公开工作年度报告（2022年度）', '枣庄市市中区永安镇人民政府', 2022],
      ['枣庄市市中区永安镇人民政府政府信息公开工作年度报告(2022年)', '枣庄市市中区永安镇人民政府', 2022],
      ['枣庄市市中区永安镇人民政府政府信息公开工作年度报告（二〇二二年度）', '枣庄市市中区永安镇人民政府', 2022],
      ['枣庄市市中区人民政府办公室（区政府研究室）2022年政府信息公开工作年度报告', '枣庄市市中区人民政府办公室（区政府研究室）', 2022],
    ])('%s', (title, agency, year) => {
      expect(identify(titled(title), '年报.xlsx', {})).toEqual({ agency, year });
    });

    it('takes the agency from a 填报单位 line, in its cell or the next, and never a 填报日期 for the year', () => {
      const inCell = grid(sheet('Sheet1', [
        ['2022年政府信息公开工作年度报告'],
        ['填报单位：枣庄市市中区人民政府办公室（区政府研究室）　　　填报日期：2023年1月16日'],
      ]));
      expect(identify(inCell, '年报.xlsx', {})).toEqual({ agency: '枣庄市市中区人民政府办公室（区政府研究室）', year: 2022 });
      const nextCell = grid(sheet('Sheet1', [
        ['政府信息公开工作年度报告'],
        ['填报单位（盖章）：', '枣庄市市中区民政局', null, '填报日期：', '2023年1月16日'],
      ]));
      expect(identify(nextCell, '年报.xlsx', {})).toEqual({ agency: '枣庄市市中区民政局', year: null });
      expect(identify(nextCell, '年报_2022.xlsx', {})).toEqual({ agency: '枣庄市市中区民政局', year: 2022 });
    });

    it('keeps the title\'s agency when its year can not be read, not the shorter name of the file', () => {
      expect(identify(titled('枣庄市市中区龙山路街道办事处政府信息公开工作年度报告'), '龙山路街道_2022.xlsx', {}))
        .toEqual({ agency: '枣庄市市中区龙山路街道办事处', year: 2022 });
      expect(identify(titled('枣庄市市中区龙山路街道办事处20××年政府信息公开工作年度报告'), '龙山路街道_2022.xlsx', {}))
        .toEqual({ agency: '枣庄市市中区龙山路街道办事处', year: 2022 });
    });

    it('reads a row whose first cells are empty (a sparse row, as an offset table has)', () => {
      const row: Array<string | null> = [];
      row[2] = '枣庄市市中区商务局2022年政府信息公开工作年度报告';
      const g = grid({ name: 'Sheet1', truncated: false, rows: [[], row.map((text, c) => (text === null ? undefined : { address: encodeAddress(1, c), value: text, text }))] });
      expect(identify(g, '年报.xlsx', {})).toEqual({ agency: '枣庄市市中区商务局', year: 2022 });
    });

    it('reads a title over two rows: the agency on one, the year and 政府信息公开工作年度报告 on the next (issue 19)', () => {
      const agencyAbove = grid(sheet('Sheet1', [['枣庄市市中区民政局'], ['2022年政府信息公开工作年度报告'], ['二、主动公开政府信息情况']]));
      expect(identify(agencyAbove, '年报.xlsx', {})).toEqual({ agency: '枣庄市市中区民政局', year: 2022 });
      const yearAbove = grid(sheet('Sheet1', [[], ['2022年度'], ['枣庄市市中区民政局政府信息公开工作年度报告']]));
      expect(identify(yearAbove, '年报.xlsx', {})).toEqual({ agency: '枣庄市市中区民政局', year: 2022 });
      // A heading above the title is no agency.
      const headed = grid(sheet('Sheet1', [['表一'], ['2022年政府信息公开工作年度报告']]));
      expect(identify(headed, '年报.xlsx', {})).toEqual({ agency: null, year: 2022 });
    });

    it('does not take the opening paragraph for a title', () => {
      const g = grid(sheet('Sheet1', [['根据《中华人民共和国政府信息公开条例》，编制本机关政府信息公开工作年度报告。']]));
      expect(identify(g, '年报.xlsx', {})).toEqual({ agency: null, year: null });
    });

    it('keeps a name from the file name as written, full-width brackets included', () => {
      expect(identify(untitled(), '枣庄市市中区人民政府办公室（区政府研究室）_2022.xlsx', {}))
        .toEqual({ agency: '枣庄市市中区人民政府办公室（区政府研究室）', year: 2022 });
    });
  });
});

describe('agency names', () => {
  const agencies = { agencies: [{ name: '枣庄市市中区人民政府办公室（区政府研究室）', aliases: ['市中区政府办公室'] }] };

  it('match whatever the width of their brackets and their spaces', () => {
    expect(sameAgencyName('枣庄市市中区人民政府办公室(区政府研究室)', '枣庄市市中区人民政府办公室（区政府研究室）')).toBe(true);
    expect(sameAgencyName('枣庄市市中区人民政府办公室 【区政府研究室】', '枣庄市市中区人民政府办公室（区政府研究室）')).toBe(true);
    expect(agencyKey('枣庄市市中区人民政府办公室（区政府研究室）')).toBe('枣庄市市中区人民政府办公室(区政府研究室)');
  });

  it('resolve to the canonical name as written in agencies.yaml, typed in either width', () => {
    expect(canonicalAgency(agencies, '枣庄市市中区人民政府办公室(区政府研究室)')).toBe('枣庄市市中区人民政府办公室（区政府研究室）');
    expect(canonicalAgency(agencies, '市中区政府办公室')).toBe('枣庄市市中区人民政府办公室（区政府研究室）');
  });

  it('are kept as written when agencies.yaml does not know them', () => {
    expect(canonicalAgency({ agencies: [] }, ' 枣庄市市中区人民政府办公室（区政府研究室）')).toBe('枣庄市市中区人民政府办公室（区政府研究室）');
  });
});
