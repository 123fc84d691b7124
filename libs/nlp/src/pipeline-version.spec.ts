import { pipelineVersionFor, RULES_VERSION } from './pipeline-version';
import { PIPELINE_VERSION } from './version';

describe('the pipeline version', () => {
  it('is the rules version for models trained without corrections, as committed', () => {
    expect(pipelineVersionFor({ corrections: 0 })).toBe(RULES_VERSION);
    expect(PIPELINE_VERSION).toBe(RULES_VERSION);
  });

  it('carries the fingerprint of the corrections the models were trained with, so a build with them re-labels', () => {
    expect(pipelineVersionFor({ corrections: 240, fingerprint: '1a2b3c4d' })).toBe(`${RULES_VERSION}+c1a2b3c4d`);
    expect(pipelineVersionFor({ corrections: 240, fingerprint: '1a2b3c4d' })).not.toBe(pipelineVersionFor({ corrections: 241, fingerprint: '9f8e7d6c' }));
  });
});
