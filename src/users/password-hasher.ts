import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id with the library's defaults (memory-hard; parameters are stored in the hash). */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    // Without an account, still spend the same effort, so timing does not reveal e-mails.
    const target = hash ?? (await (this.dummyHash ??= this.hash('pas-de-compte-pour-cette-adresse')));
    try {
      return (await argon2.verify(target, password)) && hash !== undefined;
    } catch {
      return false;
    }
  }
}
