/** How a request path maps onto the declared resources: each serves its list path and, if declared, its instance path. */
import type { Resource } from './resource.js';

export type RouteKind = string;

export type Route =
  | { kind: RouteKind; resource: Resource; instance: boolean; params: Readonly<Record<string, string>> }
  | { kind: 'other' };

interface CompiledRoute {
  kind: RouteKind;
  resource: Resource;
  instance: boolean;
  pattern: RegExp;
  placeholders: string[];
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** Where the simulator serves a resource's list: its path, below its API's name for the product APIs. */
export function servedPath(resource: Resource): string {
  return resource.product === undefined ? resource.path : `/${resource.product}${resource.path}`;
}

/** `/A.json` → `/A/{Sid}.json`; `/v1/A` → `/v1/A/{Sid}`. */
function instancePath(resource: Resource, placeholder: string): string {
  const path = servedPath(resource);
  const suffix = path.endsWith('.json') ? '.json' : '';
  return `${path.slice(0, path.length - suffix.length)}/{${placeholder}}${suffix}`;
}

function compile(kind: RouteKind, resource: Resource, instance: boolean, template: string): CompiledRoute {
  const placeholders = Array.from(template.matchAll(PLACEHOLDER), (match) => match[1] ?? '');
  const source = template
    .split(PLACEHOLDER)
    .map((part, position) => (position % 2 === 1 ? '([^/]+)' : part.replace(/[.*+?^$()[\]\\|]/g, '\\$&')))
    .join('');
  return { kind, resource, instance, pattern: new RegExp(`^${source}$`), placeholders };
}

export class Router {
  private readonly routes: CompiledRoute[];
  readonly kinds: RouteKind[];

  constructor(resources: readonly Resource[]) {
    this.routes = resources.flatMap((resource) => {
      // Served at the root, a v1 list would never be found by a connector that asks below the API's name.
      if (resource.paging === 'v1' && resource.product === undefined) throw new TypeError(`Resource ${resource.kind} has v1 paging but no product.`);
      const list = compile(resource.kind, resource, false, servedPath(resource));
      const { instance } = resource;
      return instance === undefined ? [list] : [list, compile(instance.kind, resource, true, instancePath(resource, instance.placeholder))];
    });
    this.kinds = [...this.routes.map((route) => route.kind), 'other'];
  }

  /** Classifies a path (without its query). */
  route(pathname: string): Route {
    for (const { kind, resource, instance, pattern, placeholders } of this.routes) {
      const match = pattern.exec(pathname);
      if (match === null) continue;
      const params = Object.fromEntries(placeholders.map((name, position) => [name, match[position + 1] ?? '']));
      return { kind, resource, instance, params };
    }
    return { kind: 'other' };
  }
}
