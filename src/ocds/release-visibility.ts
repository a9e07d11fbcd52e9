/**
 * SQL condition over an `ocds_release` alias: the release is published (docs/open-data.md).
 * Public-mode releases are published when written; those of an invitation-mode opportunity
 * stay unpublished until its award, then all of them are published.
 */
export const publishedReleaseSql = (r = 'r') =>
  `EXISTS (SELECT 1 FROM opportunity po WHERE po.ocid = ${r}.ocid AND (po.procurement_mode = 'public' OR po.awarded_at IS NOT NULL))`;
