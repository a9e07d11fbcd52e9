import { Logger, Provider } from '@nestjs/common';
import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
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

export const JWT_KEY = Symbol('JWT_KEY');

/**
 * The secret as a KeyObject, made once for every verification and signature: given a string,
 * jsonwebtoken first tries to parse it as a public key on every call (an exception each time,
 * ~1.5 ms of CPU under load). The same bytes (UTF-8) as the string.
 */
export const jwtKeyProvider: Provider = {
  provide: JWT_KEY,
  inject: [JWT_SECRET],
  useFactory: (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8')),
};
