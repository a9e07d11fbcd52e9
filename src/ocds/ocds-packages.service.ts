import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { compileReleases } from './compile';
import type { OcdsReleaseJson } from './release-builder';
import { publishedReleaseSql } from './release-visibility';

export type OcdsPackage = Record<string, unknown>;

/**
 * Release and record packages of one ocid (OCDS 1.1): the published releases in order, the
 * publisher and licence from configuration, and for the record the compiled release.
 */
@Injectable()
export class OcdsPackagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Base of the package URIs (the public API). */
  private get base(): string {
    return `${this.config.PUBLIC_WEB_URL.replace(/\/$/, '')}/api/v1`;
  }

  releasePackageUri = (ocid: string) => `${this.base}/ocds/releases/${encodeURIComponent(ocid)}`;
  recordPackageUri = (ocid: string) => `${this.base}/ocds/records/${encodeURIComponent(ocid)}`;

  /** The published releases of an ocid, oldest first; 404 when none is published. */
  async releases(ocid: string): Promise<OcdsReleaseJson[]> {
    const rows = await this.dataSource.query<{ release: OcdsReleaseJson }[]>(
      `SELECT r.release FROM ocds_release r WHERE r.ocid = $1 AND ${publishedReleaseSql('r')} ORDER BY r.release_seq`,
      [ocid],
    );
    if (rows.length === 0) throw DomainError.notFound('ocid');
    return rows.map((r) => r.release);
  }

  private metadata(uri: string, releases: readonly OcdsReleaseJson[]) {
    const publicationPolicy =
      this.config.OCDS_PUBLICATION_POLICY_URL ?? `${this.config.PUBLIC_WEB_URL.replace(/\/$/, '')}/donnees-ouvertes`;
    return {
      uri,
      version: '1.1',
      // The package's date is its latest release's: the same data gives the same package (and ETag).
      publishedDate: releases[releases.length - 1].date,
      publisher: {
        name: this.config.OCDS_PUBLISHER_NAME,
        ...(this.config.OCDS_PUBLISHER_URI ? { uri: this.config.OCDS_PUBLISHER_URI } : {}),
      },
      license: this.config.OCDS_LICENSE_URL,
      publicationPolicy,
    };
  }

  async releasePackage(ocid: string): Promise<OcdsPackage> {
    const releases = await this.releases(ocid);
    return { ...this.metadata(this.releasePackageUri(ocid), releases), releases };
  }

  async recordPackage(ocid: string): Promise<OcdsPackage> {
    const releases = await this.releases(ocid);
    return {
      ...this.metadata(this.recordPackageUri(ocid), releases),
      packages: [this.releasePackageUri(ocid)],
      records: [{ ocid, releases, compiledRelease: compileReleases(releases) }],
    };
  }
}
