// Image references (`registry:5000/team/app:1.2@sha256:…`) split the way container runtimes read them.
import { containerLabel, type PodTemplate, type ContainerRef } from '../workloads';

export interface ImageRef {
  /** Registry host (with port); `docker.io` when the reference names none. */
  registry: string;
  /** Repository path without the registry, e.g. `library/nginx`. */
  repository: string;
  tag?: string;
  digest?: string;
}

const DEFAULT_REGISTRY = 'docker.io';

export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  let rest = at >= 0 ? image.slice(0, at) : image;
  // A tag is a `:` after the last `/`; a `:` before it is a registry port (`host:5000/app`).
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  // The first component is a registry only when it looks like a host (as the Docker reference grammar says).
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : DEFAULT_REGISTRY;
  let repository = hasRegistry ? rest.slice(slash + 1) : rest;
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository, tag, digest };
}

export interface ContainerImage {
  c: ContainerRef;
  image: string;
  ref: ImageRef;
}

/** Every container (all groups) with a string image; values still to be substituted are left alone. */
export function containerImages(pods: PodTemplate[]): ContainerImage[] {
  return pods.flatMap((p) =>
    p.containers.flatMap((c) => {
      const image = c.container.image;
      if (typeof image !== 'string' || image.trim() === '' || /\$\{|\$\(|\{\{/.test(image)) return [];
      return [{ c, image, ref: parseImage(image) }];
    }),
  );
}

export const imagePath = (c: ContainerRef) => [...c.path, 'image'];
/** "Container `web`", or "The 2nd container (no name)", for messages. */
export const containerName = (c: ContainerRef): string => containerLabel(c);
