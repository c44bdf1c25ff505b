export { up, down, status, logs, cliConfigFile } from './commands.js';
export { farmLayout, farmPorts } from './layout.js';
