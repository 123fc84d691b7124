import 'reflect-metadata';
import { AuthController } from '../auth/auth.controller';
import { CorrectionsController } from '../corrections/corrections.controller';
import { HealthController } from '../health/health.controller';
import { ImportsController } from '../imports/imports.controller';
import { IngestController } from '../ingest/ingest.controller';
import { MentionsController } from '../mentions/mentions.controller';
import { SourceTypesController } from '../source-types/source-types.controller';
import { SourcesController } from '../sources/sources.controller';
import { TicketsController } from '../tickets/tickets.controller';
import { TopicsController } from '../topics/topics.controller';
import { IS_PUBLIC_KEY } from './decorators/public.decorator';
import { ROLES_KEY } from './decorators/roles.decorator';

const CONTROLLERS = [AuthController, CorrectionsController, HealthController, ImportsController, IngestController, MentionsController, SourceTypesController, SourcesController, TicketsController, TopicsController];
// Nest's own route metadata key (`@Get()` etc. set it on the handler).
const PATH_METADATA = 'path';

function routes(): Array<{ name: string; access: string }> {
  return CONTROLLERS.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((key) => key !== 'constructor')
      .map((key) => (controller.prototype as unknown as Record<string, unknown>)[key])
      .filter((fn): fn is (...args: unknown[]) => unknown => typeof fn === 'function' && Reflect.hasMetadata(PATH_METADATA, fn))
      .map((fn) => {
        const isPublic = Reflect.getMetadata(IS_PUBLIC_KEY, fn) ?? Reflect.getMetadata(IS_PUBLIC_KEY, controller);
        const roles = Reflect.getMetadata(ROLES_KEY, fn) ?? Reflect.getMetadata(ROLES_KEY, controller);
        return { name: `${controller.name}.${fn.name}`, access: isPublic ? 'public' : roles ? [...roles].sort().join(',') : 'UNDECLARED' };
      }),
  );
}

describe('route access', () => {
  it('every route declares @Public() or @Roles(), and matches the role matrix', () => {
    const all = 'admin,agent,analyst,lead';
    expect(Object.fromEntries(routes().map((r) => [r.name, r.access]))).toEqual({
      'AuthController.login': 'public',
      'AuthController.logout': all,
      'AuthController.me': all,
      'CorrectionsController.export': 'admin,lead',
      'HealthController.check': 'public',
      'ImportsController.upload': 'admin',
      'ImportsController.list': 'admin,lead',
      'ImportsController.get': 'admin,lead',
      'ImportsController.rejected': 'admin,lead',
      'IngestController.receive': 'public',
      'IngestController.metaVerify': 'public',
      'IngestController.metaReceive': 'public',
      'MentionsController.list': all,
      'MentionsController.count': all,
      'MentionsController.get': all,
      'MentionsController.setStatus': 'admin,agent,lead',
      'MentionsController.correctLabels': 'admin,agent,lead',
      'SourcesController.list': 'admin,lead',
      'SourcesController.create': 'admin',
      'SourcesController.update': 'admin',
      'SourcesController.remove': 'admin',
      'SourcesController.testUnsaved': 'admin,lead',
      'SourcesController.health': 'admin,lead',
      'SourcesController.runs': 'admin,lead',
      'SourcesController.test': 'admin,lead',
      'SourceTypesController.list': all,
      'TicketsController.create': 'admin,agent,lead',
      'TicketsController.list': all,
      'TicketsController.get': all,
      'TopicsController.list': all,
      'TopicsController.validate': 'admin,lead',
      'TopicsController.create': 'admin,lead',
      'TopicsController.update': 'admin,lead',
      'TopicsController.remove': 'admin,lead',
    });
  });
});
