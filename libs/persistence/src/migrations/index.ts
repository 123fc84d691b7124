import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { TopicsEnabled1764100000000 } from './1764100000000-topics-enabled';
import { LabelCorrections1764200000000 } from './1764200000000-label-corrections';
import { SourceHealth1764300000000 } from './1764300000000-source-health';
import { PushAndImport1764400000000 } from './1764400000000-push-and-import';
import { TopicRetagJobs1764500000000 } from './1764500000000-topic-retag-jobs';
import { LabelCorrectionIntents1764700000000 } from './1764700000000-label-correction-intents';
import { TopicFences1764800000000 } from './1764800000000-topic-fences';
import { WorkerActivity1764900000000 } from './1764900000000-worker-activity';

/** Every migration, oldest first. Listed explicitly so bundled builds need no file globbing. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [InitialSchema1763800000000, TopicsEnabled1764100000000, LabelCorrections1764200000000, SourceHealth1764300000000, PushAndImport1764400000000, TopicRetagJobs1764500000000, LabelCorrectionIntents1764700000000, TopicFences1764800000000, WorkerActivity1764900000000];
