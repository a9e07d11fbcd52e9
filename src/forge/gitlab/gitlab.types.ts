/** The GitLab REST v4 shapes the publication uses (only the fields it reads). */

export interface GitlabMetadata {
  version: string;
  revision?: string;
  enterprise?: boolean;
}

export interface GitlabNamespace {
  id: number;
  full_path: string;
  kind?: string;
}

export interface GitlabProject {
  id: number;
  name: string;
  path: string;
  path_with_namespace: string;
  description: string | null;
  topics: string[];
  default_branch: string | null;
  visibility: string;
  http_url_to_repo: string;
  web_url: string;
  namespace?: GitlabNamespace;
}

export interface CreateProjectRequest {
  name: string;
  path: string;
  namespace_id: number;
  visibility: 'public' | 'internal' | 'private';
  description: string;
  topics: string[];
  initialize_with_readme: false;
}

export interface GitlabProtectedBranch {
  id: number;
  name: string;
  allow_force_push: boolean;
  push_access_levels?: { access_level: number }[];
}

export interface CreateReleaseRequest {
  tag_name: string;
  ref: string;
  tag_message: string;
  name: string;
  description: string;
  released_at: string;
}

export interface GitlabRelease {
  tag_name: string;
  name: string;
  description: string;
  released_at?: string;
  commit: { id: string };
  _links?: { self?: string };
}
