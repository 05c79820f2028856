import type { Express } from 'express';

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: string;
}

/**
 * Every (method, path) Express serves, read from the app's router stack (Express 5 keeps each mount's path in
 * layer.rawPath). Paths come back in OpenAPI style: /api/products/{id}.
 */
export function listExpressRoutes(app: Express): Array<{ method: string; path: string }> {
  const routes: Array<{ method: string; path: string }> = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          const full = `${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}');
          routes.push({ method, path: full.length > 1 ? full.replace(/\/$/, '') : full });
        }
      } else if (layer.handle?.stack !== undefined) {
        const mount = layer.rawPath === undefined || layer.rawPath === '/' ? '' : layer.rawPath;
        walk(layer.handle.stack, `${prefix}${mount}`);
      }
    }
  };
  walk((app.router as unknown as { stack: LayerLike[] }).stack, '');
  return routes;
}
