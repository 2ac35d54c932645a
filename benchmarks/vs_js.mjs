// Digital Bazaar's Data Integrity stack (jsonld-signatures, @digitalbazaar/data-integrity and
// the eddsa-rdfc-2022 cryptosuite), timed on one credential: the reference of
// benchmarks/vs_js.py. Reads {documents: {url: json}, key, credential, seconds} from stdin
// (key: a Multikey key file with secretKeyMultibase) and writes
// {verify: per second, issue: per second} as JSON. The document loader serves only
// `documents` and the verification methods in them: nothing is fetched.
import {createRequire} from 'node:module';
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

// Calls per second of the async `operation` over about `seconds` (after two warm-up calls).
async function rate(operation, seconds) {
  await operation();
  await operation();
  let count = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while(performance.now() < deadline) {
    await operation();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}

let input = '';
process.stdin.on('data', chunk => input += chunk);
process.stdin.on('end', async () => {
  const {documents, key, credential, seconds} = JSON.parse(input);
  const documentLoader = documentLoaderFor(documents);
  const keyPair = await Ed25519Multikey.from(key);
  const purpose = () => new jsigs.purposes.AssertionProofPurpose();
  const sign = () => jsigs.sign(structuredClone(credential), {
    suite: new DataIntegrityProof({signer: keyPair.signer(), cryptosuite}),
    purpose: purpose(), documentLoader,
  });
  const signed = await sign();
  const verify = async () => {
    const result = await jsigs.verify(signed, {
      suite: new DataIntegrityProof({cryptosuite}), purpose: purpose(), documentLoader,
    });
    if(!result.verified) {
      throw new Error(JSON.stringify(result.error));
    }
  };
  const out = {verify: await rate(verify, seconds), issue: await rate(sign, seconds)};
  process.stdout.write(JSON.stringify(out));
});
