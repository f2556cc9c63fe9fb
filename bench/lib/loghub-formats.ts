/**
 * The line layout of each of Loghub's sixteen systems, as its benchmark describes them
 * (`log_format`), written as functions of a structured CSV row. They rebuild a raw line when
 * only the CSV is at hand; LogStream itself never uses them (its parser guesses the head).
 */
export type Row = Readonly<Record<string, string>>;

const v = (r: Row, k: string): string => r[k] ?? '';
const opt = (value: string, wrap: (s: string) => string): string => (value === '' ? '' : wrap(value));

/** System name → the raw line of a structured row. */
export const LOGHUB_FORMATS: Readonly<Record<string, (r: Row) => string>> = {
  Android: (r) =>
    `${v(r, 'Date')} ${v(r, 'Time')}  ${v(r, 'Pid')}  ${v(r, 'Tid')} ${v(r, 'Level')} ${v(r, 'Component')}: ${v(r, 'Content')}`,
  Apache: (r) => `[${v(r, 'Time')}] [${v(r, 'Level')}] ${v(r, 'Content')}`,
  BGL: (r) =>
    ['Label', 'Timestamp', 'Date', 'Node', 'Time', 'NodeRepeat', 'Type', 'Component', 'Level', 'Content']
      .map((k) => v(r, k))
      .join(' '),
  Hadoop: (r) =>
    `${v(r, 'Date')} ${v(r, 'Time')} ${v(r, 'Level')} [${v(r, 'Process')}] ${v(r, 'Component')}: ${v(r, 'Content')}`,
  HDFS: (r) =>
    `${v(r, 'Date')} ${v(r, 'Time')} ${v(r, 'Pid')} ${v(r, 'Level')} ${v(r, 'Component')}: ${v(r, 'Content')}`,
  HealthApp: (r) => `${v(r, 'Time')}|${v(r, 'Component')}|${v(r, 'Pid')}|${v(r, 'Content')}`,
  HPC: (r) => ['LogId', 'Node', 'Component', 'State', 'Time', 'Flag', 'Content'].map((k) => v(r, k)).join(' '),
  Linux: (r) =>
    `${v(r, 'Month')} ${v(r, 'Date')} ${v(r, 'Time')} ${v(r, 'Level')} ${v(r, 'Component')}${opt(v(r, 'PID'), (p) => `[${p}]`)}: ${v(r, 'Content')}`,
  Mac: (r) =>
    `${v(r, 'Month')}  ${v(r, 'Date')} ${v(r, 'Time')} ${v(r, 'User')} ${v(r, 'Component')}[${v(r, 'PID')}]${opt(v(r, 'Address'), (a) => ` (${a})`)}: ${v(r, 'Content')}`,
  OpenSSH: (r) =>
    `${v(r, 'Date')} ${v(r, 'Day')} ${v(r, 'Time')} ${v(r, 'Component')} sshd[${v(r, 'Pid')}]: ${v(r, 'Content')}`,
  OpenStack: (r) =>
    `${v(r, 'Logrecord')} ${v(r, 'Date')} ${v(r, 'Time')} ${v(r, 'Pid')} ${v(r, 'Level')} ${v(r, 'Component')} [${v(r, 'ADDR')}] ${v(r, 'Content')}`,
  Proxifier: (r) => `[${v(r, 'Time')}] ${v(r, 'Program')} - ${v(r, 'Content')}`,
  Spark: (r) => `${v(r, 'Date')} ${v(r, 'Time')} ${v(r, 'Level')} ${v(r, 'Component')}: ${v(r, 'Content')}`,
  Thunderbird: (r) =>
    `${['Label', 'Timestamp', 'Date', 'User', 'Month', 'Day', 'Time', 'Location'].map((k) => v(r, k)).join(' ')} ${v(r, 'Component')}${opt(v(r, 'PID'), (p) => `[${p}]`)}: ${v(r, 'Content')}`,
  Windows: (r) =>
    `${v(r, 'Date')} ${v(r, 'Time')}, ${v(r, 'Level')}                  ${v(r, 'Component')}    ${v(r, 'Content')}`,
  Zookeeper: (r) =>
    `${v(r, 'Date')} ${v(r, 'Time')} - ${v(r, 'Level')}  [${v(r, 'Node')}:${v(r, 'Component')}@${v(r, 'Id')}] - ${v(r, 'Content')}`,
};

/** The rows of a CSV text (RFC 4180: quoted fields, doubled quotes), keyed by the header's names. */
export function parseCsv(text: string): Row[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const [header, ...rows] = records.filter((r) => r.length > 1 || r[0] !== '');
  if (header === undefined) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
