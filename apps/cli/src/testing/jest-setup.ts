import { removeTempDirs } from './temp-dirs.js';

afterAll(removeTempDirs);
