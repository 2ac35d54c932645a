// Sign and verify Data Integrity proofs with Digital Bazaar's JavaScript stack
// (jsonld-signatures, @digitalbazaar/data-integrity and the cryptosuite packages), offline.
// Reads {documents: {url: json}, cases: [...]} from stdin; each case is
//   {op: "verify", suite, document}              -> {verified, error?}
//   {op: "sign", suite, key, created, document}  -> {signed} or {error}
//   {op: "derive", suite, selectivePointers, document}  -> {derived} or {error}
// ("sign" takes mandatoryPointers for ecdsa-sd-2023 and bbs-2023, "derive" for bbs-2023 a
// presentationHeader in hex) where key is a Multikey key file (id, controller, publicKeyMultibase, secretKeyMultibase).
// Writes the JSON array of results to stdout. The document loader serves only `documents`
// (contexts, DID documents) and verification methods found in them: nothing is fetched.
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import {documentLoaderFor} from './offline.mjs';

const require = createRequire(process.env.VCLER_DB_INTEROP + '/');
const load = async name => import(pathToFileURL(require.resolve(name)).href);

const jsigs = (await load('jsonld-signatures')).default;
const {DataIntegrityProof} = await load('@digitalbazaar/data-integrity');
const Ed25519Multikey = await load('@digitalbazaar/ed25519-multikey');
const EcdsaMultikey = await load('@digitalbazaar/ecdsa-multikey');
const eddsaRdfc = (await load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite')).cryptosuite;
const ecdsaRdfc = (await load('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite')).cryptosuite;
const eddsaJcs = await load('@digitalbazaar/eddsa-jcs-2022-cryptosuite');
// ecdsa-sd-2023 is optional: its cases answer an error when the package is not installed.
const ecdsaSd = await load('@digitalbazaar/ecdsa-sd-2023-cryptosuite').catch(() => null);
// So is bbs-2023, with its BLS12-381 Multikey package.
const bbs = await load('@digitalbazaar/bbs-2023-cryptosuite').catch(() => null);
const Bls12381Multikey = await load('@digitalbazaar/bls12-381-multikey').catch(() => null);

const SUITES = {
  'eddsa-rdfc-2022': {
    keys: Ed25519Multikey, sign: () => eddsaRdfc, verify: () => eddsaRdfc,
  },
  'ecdsa-rdfc-2019': {
    keys: EcdsaMultikey, sign: () => ecdsaRdfc, verify: () => ecdsaRdfc,
  },
  'eddsa-jcs-2022': {
    keys: Ed25519Multikey,
    sign: () => eddsaJcs.createSignCryptosuite(),
    verify: () => eddsaJcs.createVerifyCryptosuite(),
  },
  'ecdsa-sd-2023': {
    keys: EcdsaMultikey,
    sign: ({mandatoryPointers = []}) =>
      ecdsaSd.createSignCryptosuite({mandatoryPointers}),
    derive: ({selectivePointers = []}) =>
      ecdsaSd.createDiscloseCryptosuite({selectivePointers}),
    verify: () => ecdsaSd.createVerifyCryptosuite(),
  },
  'bbs-2023': {
    keys: Bls12381Multikey,
    sign: ({mandatoryPointers = []}) => bbs.createSignCryptosuite({mandatoryPointers}),
    derive: ({selectivePointers = [], presentationHeader = ''}) =>
      bbs.createDiscloseCryptosuite({
        selectivePointers,
        presentationHeader: new Uint8Array(Buffer.from(presentationHeader, 'hex')),
      }),
    verify: () => bbs.createVerifyCryptosuite(),
  },
};

async function run(testCase, documentLoader) {
  const suite = SUITES[testCase.suite];
  const purpose = new jsigs.purposes.AssertionProofPurpose();
  if(testCase.op === 'derive') {
    const proof = new DataIntegrityProof({cryptosuite: suite.derive(testCase)});
    const derived = await jsigs.derive(
      structuredClone(testCase.document), {suite: proof, purpose, documentLoader});
    return {derived};
  }
  if(testCase.op === 'sign') {
    const keyPair = await suite.keys.from(testCase.key);
    const proof = new DataIntegrityProof({
      signer: keyPair.signer(), date: testCase.created,
      cryptosuite: suite.sign(testCase),
    });
    const signed = await jsigs.sign(
      structuredClone(testCase.document), {suite: proof, purpose, documentLoader});
    return {signed};
  }
  const proof = new DataIntegrityProof({cryptosuite: suite.verify()});
  const result = await jsigs.verify(
    testCase.document, {suite: proof, purpose, documentLoader});
  const errors = [].concat(result.error?.errors || result.error || []);
  return {
    verified: result.verified,
    error: errors.map(e => String(e.message || e)).join('; ') || undefined,
  };
}

let input = '';
process.stdin.on('data', chunk => input += chunk);
process.stdin.on('end', async () => {
  const {documents, cases} = JSON.parse(input);
  const documentLoader = documentLoaderFor(documents);
  const out = [];
  for(const testCase of cases) {
    try {
      out.push(await run(testCase, documentLoader));
    } catch(e) {
      out.push({error: String(e.message || e)});
    }
  }
  process.stdout.write(JSON.stringify(out));
});
