import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import type { PublicationResult } from '../contracts/contract-commands.service';
import { ForgePublicationStore, PublicationRecord, StepData } from './forge-publication.store';
import {
  commitMessage,
  isOurProject,
  liesUnderGroup,
  manifestSha256,
  modeFor,
  projectDescription,
  PublicationFacts,
  PublicationStep,
  releaseNotes,
  splitProjectPath,
  tagName,
  topicsOf,
} from './forge.rules';
import { buildDeliveredCommit, DEFAULT_BRANCH, DeliveredCommit } from './git/delivered-tree';
import { pushDefaultBranch } from './git/push';
import { ForgeError, ForgeHttpError } from './gitlab/forge-errors';
import { GitlabClient } from './gitlab/gitlab-client';
import type { GitlabProject } from './gitlab/gitlab.types';

interface ProjectStep extends StepData {
  projectId: number;
  webUrl: string;
  httpUrlToRepo: string;
  pathWithNamespace: string;
}

/**
 * The publication's steps (domain.md §7, docs/forge.md), each recorded as done (its own short
 * command) before the next starts, so that a run after a crash or a failure resumes at the
 * first step not recorded. No transaction is open during a network call.
 */
@Injectable()
export class ForgePublisher {
  private readonly logger = new Logger('Forge');
  /**
   * Called when a step's effect exists (`done`, not yet recorded) and once it is recorded:
   * the crash tests stop the process at both points.
   */
  onStep: ((step: PublicationStep, phase: 'done' | 'recorded') => Promise<void> | void) | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly store: ForgePublicationStore,
  ) {}

  async publish(r: PublicationRecord, client: GitlabClient, token: string): Promise<PublicationResult> {
    const facts = factsOf(r);
    const fullPath = r.forgeProjectPath?.trim();
    if (!fullPath || !fullPath.includes('/')) {
      throw ForgeError.permanent(
        'L’appel d’offres n’a pas de chemin de projet sur la forge valide (groupe/projet). / The opportunity has no valid forge project path.',
      );
    }
    const mode = modeFor(r.forgeGroupPath, this.config.FORGE_MODE, this.config.FORGE_MODE_BY_GROUP);
    if (mode === 'delegated' && !liesUnderGroup(fullPath, r.forgeGroupPath)) {
      throw ForgeError.permanent(
        `Le chemin du projet « ${fullPath} » n’est pas sous le groupe de l’organisme public « ${r.forgeGroupPath} ». / The project path is not under the public body's group.`,
      );
    }
    const done = await this.store.steps(r.contractId);
    const step = async <T extends StepData>(name: PublicationStep, run: () => Promise<T>): Promise<T> => {
      const recorded = done.get(name);
      if (recorded) return recorded as T;
      const data = await run();
      await this.onStep?.(name, 'done');
      await this.store.recordStep(r.contractId, name, data);
      done.set(name, data);
      this.logger.log(`Contrat ${r.contractReference} : étape « ${name} » faite.`);
      await this.onStep?.(name, 'recorded');
      return data;
    };
    const { namespace, path } = splitProjectPath(fullPath);

    let namespaceId: number | null = null;
    if (mode === 'delegated') {
      const ns = await step('namespace', async () => {
        const g = await client.group(namespace);
        return { namespaceId: g.id, fullPath: g.full_path };
      });
      namespaceId = Number(ns.namespaceId);
    }

    const project = await step<ProjectStep>('project', async () => {
      const p =
        mode === 'delegated'
          ? await this.ensureProject(client, facts, fullPath, path, namespaceId!)
          : await this.existingProject(client, fullPath);
      return {
        projectId: p.id,
        webUrl: p.web_url,
        httpUrlToRepo: p.http_url_to_repo,
        pathWithNamespace: p.path_with_namespace,
        mode,
      };
    });

    let built: DeliveredCommit | null = null;
    const workDir = join(
      resolve(this.config.STORAGE_DIR),
      'work',
      `forge-${r.contractId}-${randomBytes(6).toString('hex')}`,
    );
    const build = async () => {
      if (built) return built;
      await mkdir(workDir, { recursive: true });
      built = await buildDeliveredCommit({
        archiveFile: resolve(this.config.STORAGE_DIR, r.deliverable!.storagePath),
        format: r.deliverable!.format,
        manifest: r.deliverable!.manifest,
        message: commitMessage(facts),
        identity: { name: this.config.FORGE_AUTHOR_NAME, email: this.config.FORGE_AUTHOR_EMAIL, at: facts.acceptedAt },
        workDir,
      });
      return built;
    };
    try {
      const commit = await step('commit', async () => {
        const c = await build();
        return { sha: c.sha, files: c.files, prefix: c.prefix };
      });
      const sha = String(commit.sha);
      await step('push', async () => {
        const c = await build();
        if (c.sha !== sha) {
          throw ForgeError.permanent(
            `Le commit reconstruit (${c.sha}) diffère du commit enregistré (${sha}) : publication arrêtée. / The rebuilt commit differs from the recorded one.`,
          );
        }
        const { pushed } = await pushDefaultBranch(c.dir, sha, { url: project.httpUrlToRepo, token });
        return { sha, pushed };
      });
      await step('protect', async () => {
        const b = await client.protectBranch(project.projectId, DEFAULT_BRANCH);
        return { branch: b.name, allowForcePush: b.allow_force_push };
      });
      const release = await step('release', async () => {
        const tag = tagName(facts);
        const rel = await client.createRelease(project.projectId, {
          tag_name: tag,
          ref: sha,
          tag_message: `Livraison acceptée — contrat ${facts.contractReference}`,
          name: `${tag} — livraison acceptée`,
          description: releaseNotes(facts, sha),
          released_at: facts.acceptedAt.toISOString(),
        });
        if (rel.commit?.id !== sha) {
          throw ForgeError.permanent(
            `La version « ${tag} » existe déjà sur la forge et désigne un autre commit (${rel.commit?.id}) que la livraison (${sha}). / The release exists and points at another commit.`,
          );
        }
        return { tag, releaseUrl: rel._links?.self ?? `${project.webUrl}/-/releases/${encodeURIComponent(tag)}`, sha };
      });
      await step('topics', async () => {
        const current = (await client.project(project.projectId))?.topics ?? [];
        const topics = [...new Set([...current, ...topicsOf(facts)])];
        await client.updateTopics(project.projectId, topics);
        return { topics };
      });
      return { projectUrl: project.webUrl, commitSha: sha, releaseUrl: String(release.releaseUrl) };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** Delegated mode: create the project; "has already been taken" → look it up, and use it only if it is ours. */
  private async ensureProject(
    client: GitlabClient,
    facts: PublicationFacts,
    fullPath: string,
    path: string,
    namespaceId: number,
  ): Promise<GitlabProject> {
    try {
      return await client.createProject(
        {
          name: `${facts.title} (contrat ${facts.contractReference})`.slice(0, 255),
          path,
          namespace_id: namespaceId,
          visibility: 'public',
          description: projectDescription(facts),
          topics: topicsOf(facts),
          initialize_with_readme: false,
        },
        fullPath,
      );
    } catch (e) {
      if (!(e instanceof ForgeHttpError && e.alreadyTaken)) throw e;
    }
    const existing = await client.project(fullPath);
    if (!existing) {
      throw ForgeError.permanent(
        `Le chemin « ${fullPath} » est déjà pris sur la forge par un projet que le jeton ne voit pas. / The path is taken by a project the token cannot see.`,
      );
    }
    if (!isOurProject(existing, facts)) {
      throw ForgeError.permanent(
        `Un projet « ${fullPath} » existe déjà sur la forge et n’est pas celui du contrat ${facts.contractReference} (sa description et ses sujets ne le désignent pas) : publication arrêtée ; choisir un autre chemin ou vérifier ce projet. / A project with this path exists and is not this contract's.`,
      );
    }
    return existing;
  }

  /** Pre-provisioned mode: the project must exist. */
  private async existingProject(client: GitlabClient, fullPath: string): Promise<GitlabProject> {
    const p = await client.project(fullPath);
    if (!p) {
      throw ForgeError.permanent(
        `Le projet pré-provisionné « ${fullPath} » est introuvable sur la forge (ou le jeton n’y a pas accès). / The pre-provisioned project was not found.`,
        404,
      );
    }
    return p;
  }
}

export function factsOf(r: PublicationRecord): PublicationFacts {
  if (!r.deliverable || !r.acceptedAt) {
    throw ForgeError.permanent('Le contrat n’a pas de livrable accepté. / The contract has no accepted deliverable.');
  }
  return {
    contractId: r.contractId,
    contractReference: r.contractReference,
    opportunityReference: r.opportunityReference,
    title: r.title?.fr ?? r.contractReference,
    license: r.license,
    supplierName: r.supplierName,
    archiveSha256: r.deliverable.sha256,
    manifestSha256: manifestSha256(r.deliverable.manifest),
    acceptedAt: r.acceptedAt,
  };
}
