import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/** The argon2 functions the hasher calls (one object, so that a test can watch the calls). */
export const ARGON2 = {
  hash: (password: string) => argon2.hash(password, { type: argon2.argon2id }),
  verify: (hash: string, password: string) => argon2.verify(hash, password),
};

/**
 * argon2id with the library's defaults (memory-hard; parameters are stored in the hash).
 * A log-in for an address without an account verifies the password against a dummy hash made
 * with the same parameters, computed once at start, so that both answers take the same time
 * (measured: docs/accounts.md) and timing does not reveal which addresses have an account.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: Promise<string>;

  onModuleInit(): void {
    void this.dummy().catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return ARGON2.hash(password);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    const target = hash ?? (await this.dummy());
    try {
      return (await ARGON2.verify(target, password)) && hash !== undefined;
    } catch {
      return false;
    }
  }

  private dummy(): Promise<string> {
    return (this.dummyHash ??= this.hash('pas-de-compte-pour-cette-adresse'));
  }
}
