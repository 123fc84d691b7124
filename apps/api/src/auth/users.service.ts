import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../config/api-config.token';
import { validationMessages } from '../config/api-config';
import { CreateUserDto } from './dto/create-user.dto';
import { createUserAccount, UserAlreadyExistsError } from './user-accounts';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureInitialAdmin();
  }

  /**
   * A fresh installation has no users, and nobody could sign in to create one: ADMIN_EMAIL and
   * ADMIN_PASSWORD bootstrap the first admin. Once any admin exists this does nothing, so changing
   * the variables later never resets a password.
   */
  async ensureInitialAdmin(): Promise<void> {
    const admin = this.config.initialAdmin;
    if (!admin) return;
    const existing: unknown[] = await this.dataSource.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
    if (existing.length > 0) return;
    const dto = plainToInstance(CreateUserDto, { ...admin, role: 'admin' });
    const problems = validationMessages(validateSync(dto));
    if (problems.length > 0) throw new Error(`Cannot create the initial admin: ${problems.join('; ')}`);
    try {
      const user = await createUserAccount(this.dataSource.manager, dto);
      this.logger.log({ userId: user.id, email: user.email }, 'Created the initial admin from ADMIN_EMAIL');
    } catch (error) {
      // Another API instance starting at the same moment won the race, or the address belongs to
      // a non-admin user: both leave the installation usable, so say so and carry on.
      if (!(error instanceof UserAlreadyExistsError)) throw error;
      this.logger.warn({ email: admin.email }, 'ADMIN_EMAIL already belongs to a user; no admin was created');
    }
  }
}
