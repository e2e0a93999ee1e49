import { afterAll, beforeAll, expect } from '@jest/globals';
import { kubectlRollouts, pluginPathDir, startControllerProcess, type RunningController } from './controller-process.js';
import { startSimProcess, type RunningSim } from './sim-process.js';

/** What a controller test works with: a simulator with the CRDs, a controller, and the plugin on PATH. */
export interface ControllerBed {
  sim: RunningSim;
  controller: RunningController;
  /** `kubectl rollouts …` through the real kubectl. */
  rollouts(args: string[]): ReturnType<typeof kubectlRollouts>;
  /** Replaces the controller process (after a kill in a test). */
  restartController(): RunningController;
}

/** Registers beforeAll/afterAll hooks that start and stop a controller test bed; use it inside describe(). */
export function useControllerBed(options: { podReadySeconds?: number; controllerArgs?: string[] } = {}): ControllerBed {
  let plugin = '';
  const bed: ControllerBed = {
    sim: undefined as unknown as RunningSim,
    controller: undefined as unknown as RunningController,
    rollouts: (args) => kubectlRollouts(bed.sim, plugin, args),
    restartController: () => {
      bed.controller = startControllerProcess(bed.sim, options.controllerArgs);
      return bed.controller;
    },
  };
  beforeAll(async () => {
    bed.sim = await startSimProcess({ podReadySeconds: options.podReadySeconds ?? 0.3 });
    expect((await bed.sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
    bed.controller = startControllerProcess(bed.sim, options.controllerArgs);
    plugin = pluginPathDir();
  }, 30_000);
  afterAll(async () => {
    await bed.controller.kill();
    await bed.sim.stop();
  });
  return bed;
}
