import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pageOf, pageOffset } from '../common/util/pagination';
import { SqlParams } from '../common/util/sql-params';
import { EvaluatorPage, EvaluatorQuery, UserListItem, UserPage, UsersQuery } from './dto/directory.dto';

/** `%` and `_` match themselves in a search (ILIKE … ESCAPE '\'). */
const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Reads of the accounts (docs/accounts.md): the admins' list and search, and the buyers'
 * search of the people they may appoint to a committee (name, body, role; nothing more).
 */
@Injectable()
export class UserDirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: UsersQuery): Promise<UserPage> {
    const params = new SqlParams();
    const where: string[] = ['TRUE'];
    if (query.role) where.push(`u.role = ${params.add(query.role)}`);
    if (query.publicBodyId) where.push(`u.public_body_id = ${params.add(query.publicBodyId)}::uuid`);
    if (query.email) where.push(`u.email ILIKE ${params.add(likeContaining(query.email.toLowerCase()))} ESCAPE '\\'`);
    const condition = where.join(' AND ');
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM app_user u WHERE ${condition}`,
      params.values,
    );
    const rows = await this.dataSource.query<(Omit<UserListItem, 'createdAt'> & { createdAt: Date | string })[]>(
      `SELECT u.id, u.email, u.name, u.role, u.public_body_id AS "publicBodyId", u.preferred_language AS "preferredLanguage",
              u.active, (u.email_verified_at IS NOT NULL) AS "emailVerified", u.created_at AS "createdAt"
         FROM app_user u WHERE ${condition}
        ORDER BY u.email, u.id
        OFFSET ${params.add(pageOffset(query))} LIMIT ${params.add(query.pageSize)}`,
      params.values,
    );
    return pageOf(
      rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })),
      query,
      total,
    );
  }

  /**
   * Active buyers (of any public body) and external evaluators, the only accounts a committee
   * may seat (committee.rules.ts), by name or body acronym. No e-mail, no status, nothing else.
   */
  async evaluators(query: EvaluatorQuery): Promise<EvaluatorPage> {
    const params = new SqlParams();
    const where = [`u.active`, `u.role IN ('buyer', 'evaluator')`];
    if (query.q) {
      const like = params.add(likeContaining(query.q));
      where.push(`(u.name ILIKE ${like} ESCAPE '\\' OR pb.acronym ILIKE ${like} ESCAPE '\\')`);
    }
    const from = `FROM app_user u LEFT JOIN public_body pb ON pb.id = u.public_body_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${from}`,
      params.values,
    );
    const rows = await this.dataSource.query<
      {
        id: string;
        name: string;
        role: string;
        pb_id: string | null;
        acronym: string;
        name_fr: string;
        name_en: string | null;
      }[]
    >(
      `SELECT u.id, u.name, u.role, pb.id AS pb_id, pb.acronym, pb.name_fr, pb.name_en ${from}
        ORDER BY u.name, u.id
        OFFSET ${params.add(pageOffset(query))} LIMIT ${params.add(query.pageSize)}`,
      params.values,
    );
    return pageOf(
      rows.map((r) => ({
        id: r.id,
        name: r.name,
        role: r.role,
        publicBody: r.pb_id ? { id: r.pb_id, acronym: r.acronym, nameFr: r.name_fr, nameEn: r.name_en } : null,
      })),
      query,
      total,
    );
  }
}
