import { stageOfStep, type StageName, type StepName } from '@kiln/build-types';
import type { Build } from './farm.js';

type Stage = {
  name: StageName;
  startTime: string;
  durationMilliseconds: number;
  steps: { name: StepName; startTime: string; durationMilliseconds: number }[];
};

/**
 * Checks a finished build's `status.stages` the way OpenShift records them: known stage and step
 * names, every step in its own stage, a stage spanning from its first step's start to the end of
 * its latest one. Returns the step names by stage, for the caller's own expectations.
 */
export function expectOpenShiftStages(build: Build): Record<string, string[]> {
  const stages = (build.status as { stages?: Stage[] }).stages ?? [];
  const byStage: Record<string, string[]> = {};
  for (const stage of stages) {
    const starts = stage.steps.map((s) => Date.parse(s.startTime));
    const ends = stage.steps.map((s) => Date.parse(s.startTime) + s.durationMilliseconds);
    expect({ stage: stage.name, startTime: Date.parse(stage.startTime) }).toEqual({
      stage: stage.name,
      startTime: Math.min(...starts),
    });
    expect(stage.durationMilliseconds).toBe(Math.max(...ends) - Math.min(...starts));
    for (const step of stage.steps) {
      expect({ step: step.name, stage: stageOfStep[step.name] }).toEqual({
        step: step.name,
        stage: stage.name,
      });
    }
    byStage[stage.name] = stage.steps.map((s) => s.name);
  }
  return byStage;
}
