import { deadlineFromText } from '../../domain/tasks/deadline';
import { splitUnits } from '../../domain/tasks/units';
import type { TaskInput } from './service';
import { headerIndex } from '../http/excel';
import { controlCharacterProblem } from '../http/inputs';

// A task list from Excel, in the layout plans use: 序号, 任务(清单), 工作内容及目标, 牵头单位,
// 责任单位, 配合单位, 完成时限; a row holding only a heading like "（一）建立协调机制" starts a section.
// A cell's units are split by splitUnits (brackets protect their separators; names written together are parted).
const units = splitUnits;

export function tasksFromGrid(list: string, headers: string[], rows: string[][]): { tasks: TaskInput[]; problems: { row: number; message: { zh: string; en: string } }[] } {
  const col = {
    no: headerIndex(headers, /^序号$/), title: headerIndex(headers, /任务|事项|名称/), content: headerIndex(headers, /内容|目标/), lead: headerIndex(headers, /牵头/),
    responsible: headerIndex(headers, /责任/), cooperating: headerIndex(headers, /配合/), deadline: headerIndex(headers, /时限|时间|期限/),
  };
  const tasks: TaskInput[] = [];
  const problems: { row: number; message: { zh: string; en: string } }[] = [];
  let section = '';
  rows.forEach((cells, i) => {
    const at = (index: number) => (index < 0 ? '' : (cells[index] ?? '').replace(/\s*\n\s*/g, '').trim());
    const filled = cells.map((c) => c.trim()).filter(Boolean);
    if (filled.length === 1 && /^[（(][一二三四五六七八九十]+[)）]/.test(filled[0])) { section = filled[0]; return; }
    const title = at(col.title);
    if (!title) return;
    const control = controlCharacterProblem(i + 2, cells);
    if (control) { problems.push(control); return; }
    const no = Number(at(col.no) || tasks.length + 1);
    if (!Number.isInteger(no) || no < 1) { problems.push({ row: i + 2, message: { zh: `第${i + 2}行：序号不是正整数`, en: `Row ${i + 2}: the number is not a positive integer` } }); return; }
    const deadlineText = at(col.deadline);
    tasks.push({ list, section, no, title, content: at(col.content), lead: units(at(col.lead)), responsible: units(at(col.responsible)), cooperating: units(at(col.cooperating)), deadlineText, deadline: deadlineFromText(deadlineText) });
  });
  if (col.title < 0) problems.push({ row: 1, message: { zh: '表头中没有“任务”列', en: 'No task column in the header' } });
  return { tasks, problems };
}
