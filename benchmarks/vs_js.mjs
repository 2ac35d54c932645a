// Digital Bazaar's Data Integrity stack (jsonld-signatures, @digitalbazaar/data-integrity and
// the eddsa-rdfc-2022 cryptosuite), timed on one credential: the reference of
// benchmarks/vs_js.py. The setup request is {documents: {url: json}, key, credential} (key: a
// Multikey key file with secretKeyMultibase). The document loader serves only `documents` and
// the verification methods in them: nothing is fetched.
import {createRequire} from 'node:module';
import {createInterface} from 'node:readline';
import {pathToFileURL} from 'node:url';

const require = createRequire(process.env.VCLER_DB_INTEROP + '/');
const load = async name => import(pathToFileURL(require.resolve(name)).href);

const jsigs = (await load('jsonld-signatures')).default;
const {DataIntegrityProof} = await load('@digitalbazaar/data-integrity');
const Ed25519Multikey = await load('@digitalbazaar/ed25519-multikey');
const {cryptosuite} = await load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');

function documentLoaderFor(documents) {
  return async url => {
    if(Object.hasOwn(documents, url)) {
      return {contextUrl: null, documentUrl: url, document: documents[url]};
    }
    const [base] = url.split('#');
    const controller = documents[base];
    const method = [].concat(controller?.verificationMethod || [])
      .find(vm => vm.id === url || base + vm.id === url);
    if(method) {
      const document = {'@context': controller['@context'], ...method};
      return {contextUrl: null, documentUrl: url, document};
    }
    throw new Error(`document not served offline: ${url}`);
  };
}

// Calls per second of processor time (this process's, user and system) and per second of
// wall-clock time of the async `operation`, called for about `seconds` (after two warm-up
// calls): {cpu, wall}.
async function measure(operation, seconds) {
  await operation();
  await operation();
  let count = 0;
  const begin = performance.now();
  const deadline = begin + seconds * 1000;
  const start = process.cpuUsage();
  while(performance.now() < deadline) {
    await operation();
    count++;
  }
  const used = process.cpuUsage(start);
  const wall = (performance.now() - begin) / 1000;
  return {cpu: count / ((used.user + used.system) / 1e6), wall: count / wall};
}

// One JSON request a line: first the setup, then {op: "verify" | "issue", seconds}, each
// answered by a line {cpu, wall}, so that the caller can measure in turns with vcler.
const lines = createInterface({input: process.stdin});
let operations = null;
for await (const line of lines) {
  const request = JSON.parse(line);
  if(operations === null) {
    operations = await setUp(request);
    process.stdout.write(JSON.stringify({ready: true}) + '\n');
    continue;
  }
  const rates = await measure(operations[request.op], request.seconds);
  process.stdout.write(JSON.stringify(rates) + '\n');
}

async function setUp({documents, key, credential}) {
  const documentLoader = documentLoaderFor(documents);
  const keyPair = await Ed25519Multikey.from(key);
  const purpose = () => new jsigs.purposes.AssertionProofPurpose();
  const issue = () => jsigs.sign(structuredClone(credential), {
    suite: new DataIntegrityProof({signer: keyPair.signer(), cryptosuite}),
    purpose: purpose(), documentLoader,
  });
  const signed = await issue();
  const verify = async () => {
    const result = await jsigs.verify(signed, {
      suite: new DataIntegrityProof({cryptosuite}), purpose: purpose(), documentLoader,
    });
    if(!result.verified) {
      throw new Error(JSON.stringify(result.error));
    }
  };
  await measure(verify, 0.5); // warm up
  await measure(issue, 0.5);
  return {verify, issue};
}
