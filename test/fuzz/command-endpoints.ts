import { request as httpRequest, Agent } from 'node:http';

/** A command route as the OpenAPI document describes it. */
export interface CommandEndpoint {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI template, e.g. `/cases/{caseId}/approval`. */
  readonly path: string;
  readonly pathParams: readonly string[];
  /** Top-level properties of the JSON body, when the route takes one. */
  readonly bodyProperties?: readonly string[];
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components?: { readonly schemas?: Record<string, OpenApiSchema> };
}
interface OpenApiOperation {
  readonly parameters?: readonly { readonly in: string; readonly name: string }[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema?: OpenApiSchema }> };
}
interface OpenApiSchema {
  readonly $ref?: string;
  readonly properties?: Record<string, unknown>;
}

const COMMAND_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/**
 * Every command route the served OpenAPI document lists, so a route added later is fuzzed without
 * touching the test.
 */
export function commandEndpoints(document: OpenApiDocument): CommandEndpoint[] {
  const endpoints: CommandEndpoint[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of COMMAND_METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const schema = operation.requestBody?.content['application/json']?.schema;
      endpoints.push({
        method: method.toUpperCase() as CommandEndpoint['method'],
        path,
        pathParams,
        bodyProperties: schema ? Object.keys(resolve(document, schema).properties ?? {}) : undefined,
      });
    }
  }
  return endpoints;
}

function resolve(document: OpenApiDocument, schema: OpenApiSchema): OpenApiSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return document.components?.schemas?.[name] ?? {};
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** One request over a kept-alive connection; the raw text so a malformed body is seen as sent. */
export function send(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const url = new URL(baseUrl);
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    if (req.body !== undefined) outgoing.end(req.body);
    else outgoing.end();
  });
}

export function closeAgent(): void {
  agent.destroy();
}
