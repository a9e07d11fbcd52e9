import { Logger, Provider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

export const JWT_SECRET = Symbol('JWT_SECRET');

/**
 * JWT_SECRET from the configuration; outside production, when absent, a random secret is
 * generated once and kept in the database (app_setting), so that it survives restarts and
 * every replica on the same database agrees on it.
 */
export const jwtSecretProvider: Provider = {
  provide: JWT_SECRET,
  inject: [AppConfig, DataSource],
  useFactory: async (config: AppConfig, dataSource: DataSource): Promise<string> => {
    if (config.JWT_SECRET) return config.JWT_SECRET;
    await dataSource.query(
      `INSERT INTO app_setting (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`,
      [randomBytes(48).toString('base64url')],
    );
    const [row] = await dataSource.query<{ value: string }[]>(`SELECT value FROM app_setting WHERE key = 'jwt_secret'`);
    new Logger('Auth').log('JWT_SECRET absent : secret généré et conservé dans la base de données.');
    return row.value;
  },
};
