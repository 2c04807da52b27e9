// A small consent endpoint inside the unit-test server (web-test-runner middleware), so the
// browser-side sync talks to a real HTTP server whose answers a test can script:
//   POST /test-endpoint/<bucket>            store a record (201 new, 200 repeated (id, revision), with a
//                                            receipt); as the reference endpoint: the first write of an id
//                                            keeps its Assent-Proof, later writes without it are answered
//                                            403 "proof required"; another record at a stored (id, revision)
//                                            409 "conflict", a revision more than 64 after the id's latest
//                                            409 "revision out of range", both with latestRevision
//   GET  /test-endpoint/<bucket>/current    the latest record stored in the bucket, 204 if none (or noCurrent)
//   GET  /test-endpoint/<bucket>/subject/<s> the latest decision stored with that subject (its six decision
//                                            fields only), 204 if none
//   GET  /test-endpoint/<bucket>/region     { region } when scripted, else 204
//   POST /test-endpoint/<bucket>/script     { post: [503, 'hang', { status, body }, …], currentDelayMs, current,
//                                            noCurrent, nothingStatus: 404, region }: answers for the next POSTs,
//                                            a slow or given /current, 404 instead of 204 (an older endpoint)
//   GET  /test-endpoint/<bucket>/log        { received: [every POSTed record], proofs: [their Assent-Proof],
//                                            stored: [records] }
// The reference endpoint in server/ is tested on its own and end to end.

const buckets = new Map();

function bucket(name) {
  if (!buckets.has(name)) buckets.set(name, { received: [], proofs: [], secrets: new Map(), stored: [], post: [], currentDelayMs: 0, current: undefined, nothingStatus: 204 });
  return buckets.get(name);
}

async function readJson(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

export async function testEndpoint(context, next) {
  const match = /^\/test-endpoint\/([\w-]+)(?:\/(current|region|script|log|subject\/.+))?$/.exec(context.path);
  if (!match) return next();
  const [, name, action = ''] = match;
  const state = bucket(name);
  context.set('Cache-Control', 'no-store');
  if (action === 'script' && context.method === 'POST') {
    Object.assign(state, await readJson(context.req));
    context.status = 204;
    return;
  }
  if (action === 'log') {
    context.body = { received: state.received, proofs: state.proofs, stored: state.stored };
    return;
  }
  const nothing = () => {
    context.status = state.nothingStatus;
    if (state.nothingStatus !== 204) context.body = { error: 'not found' };
  };
  if (action.startsWith('subject/')) {
    const subject = decodeURIComponent(action.slice('subject/'.length));
    const latest = state.stored.filter((record) => record.subject === subject).at(-1);
    if (!latest) return nothing();
    const { timestamp, expiresAt, policyVersion, decisions, method, gpc } = latest;
    context.body = { timestamp, expiresAt, policyVersion, decisions, method, gpc };
    return;
  }
  if (action === 'region') {
    if (state.region == null) return nothing();
    context.body = { region: state.region };
    return;
  }
  if (action === 'current') {
    if (state.currentDelayMs) await new Promise((resolve) => setTimeout(resolve, state.currentDelayMs));
    const current = state.noCurrent ? undefined : state.current ?? state.stored.at(-1);
    if (current === undefined) return nothing();
    context.body = current;
    return;
  }
  if (context.method !== 'POST') return next();
  const record = await readJson(context.req);
  const proof = context.get('assent-proof') || null;
  state.received.push(record);
  state.proofs.push(proof);
  const scripted = state.post.shift();
  if (scripted === 'hang') {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    context.status = 503;
    return;
  }
  if (typeof scripted === 'number') {
    context.status = scripted;
    context.body = { error: `scripted ${scripted}` };
    return;
  }
  if (typeof scripted === 'object' && scripted !== null) {
    context.status = scripted.status;
    if (scripted.body !== undefined) context.body = scripted.body;
    return;
  }
  const ofId = state.stored.filter((stored) => stored.id === record.id);
  const latestRevision = Math.max(0, ...ofId.map((stored) => stored.revision));
  if (state.secrets.has(record.id) && state.secrets.get(record.id) !== proof) {
    context.status = 403;
    context.body = { error: 'proof required', field: null, message: 'This id is taken: send its proof.' };
    return;
  }
  const repeated = ofId.find((stored) => stored.revision === record.revision);
  if (repeated && JSON.stringify(repeated) !== JSON.stringify(record)) {
    context.status = 409;
    context.body = { error: 'conflict', field: 'revision', message: 'Another record is stored there.', latestRevision };
    return;
  }
  if (!repeated && record.revision > latestRevision + 64) {
    context.status = 409;
    context.body = { error: 'revision out of range', field: 'revision', message: 'Too far a step.', latestRevision };
    return;
  }
  if (!state.secrets.has(record.id) && proof) state.secrets.set(record.id, proof);
  if (!repeated) state.stored.push(record);
  const receivedAt = new Date().toISOString();
  context.status = repeated ? 200 : 201;
  const receipt = { v: 1, alg: 'Ed25519', kid: '0123456789abcdef', id: record.id, revision: record.revision, receivedAt, hash: '0'.repeat(64), path: [], signature: 'test' };
  context.body = { stored: true, created: !repeated, id: record.id, revision: record.revision, receivedAt, receipt };
}
