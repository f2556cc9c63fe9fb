// The output formats live with the query language, which the collector's export shares.
export { logJson, logLine, printable, tableJson, tableText } from '../query/record-output.js';
