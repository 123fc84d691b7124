import { parseArgs } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadDatabaseConfig, migrateDatabase } from '@ascolto/persistence';
import { validationMessages } from '../config/api-config';
import { CreateUserDto } from '../auth/dto/create-user.dto';
import { createUserAccount } from '../auth/user-accounts';

export const CREATE_USER_USAGE =
  'Usage: node dist/apps/api/main.js create-user --email E --name N --role admin|lead|agent|analyst [--password P]\n' +
  '  The password may instead come from the ASCOLTO_PASSWORD environment variable, which keeps it out of shell history.';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `main.js create-user`: adds a user (migrating first, so it also works on a fresh database). */
export async function runCreateUserCommand(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${CREATE_USER_USAGE}`);
  }
  const input = { email: values.email, password: values.password ?? env.ASCOLTO_PASSWORD, name: values.name, role: values.role };
  const missing = Object.entries(input)
    .filter(([, value]) => value === undefined)
    .map(([key]) => (key === 'password' ? '--password (or ASCOLTO_PASSWORD) is required' : `--${key} is required`));
  if (missing.length > 0) throw new UsageError(`${missing.join('\n')}\n${CREATE_USER_USAGE}`);
  const dto = plainToInstance(CreateUserDto, input);
  const problems = validationMessages(validateSync(dto));
  if (problems.length > 0) throw new UsageError(`${problems.join('\n')}\n${CREATE_USER_USAGE}`);

  const config = loadDatabaseConfig(env);
  await migrateDatabase(config);
  const dataSource = new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } });
  await dataSource.initialize();
  try {
    const user = await createUserAccount(dataSource.manager, dto);
    out(`Created ${user.role} ${user.email} (id ${user.id})`);
  } finally {
    await dataSource.destroy();
  }
}
