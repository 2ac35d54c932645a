// JOSE and legacy JWS proofs with independent JavaScript implementations, offline:
// panva's `jose` for compact JWS, Digital Bazaar's Ed25519Signature2018 suite, Transmute's
// JsonWebSignature2020 suite (from ../transmute/node_modules). Reads {documents: {url: json}, cases: [...]} from stdin:
//   {op: "verify-jws", token, jwk}                   -> {verified, header?, payload?, error?}
//   {op: "sign-jws", header, payload, jwk}           -> {token} (jwk private)
//   {op: "sign-2018", document, key}                 -> {signed} (key: id, controller,
//                                                       publicKeyBase58, privateKeyBase58)
//   {op: "sign-jws2020", document, key}              -> {signed} (key: JsonWebKey2020 with
//                                                       publicKeyJwk and privateKeyJwk)
// Writes the JSON array of results to stdout.
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import {documentLoaderFor} from './offline.mjs';

const require = createRequire(process.env.VCLER_JOSE_INTEROP + '/');
const load = async name => import(pathToFileURL(require.resolve(name)).href);

const jose = await load('jose');

async function run(testCase, documentLoader) {
  if(testCase.op === 'verify-jws') {
    const key = await jose.importJWK(testCase.jwk, testCase.alg);
    const {payload, protectedHeader} = await jose.compactVerify(testCase.token, key);
    return {verified: true, header: protectedHeader,
      payload: JSON.parse(new TextDecoder().decode(payload))};
  }
  if(testCase.op === 'sign-jws') {
    const key = await jose.importJWK(testCase.jwk, testCase.header.alg);
    const payload = new TextEncoder().encode(JSON.stringify(testCase.payload));
    const token = await new jose.CompactSign(payload).setProtectedHeader(testCase.header)
      .sign(key);
    return {token};
  }
  const jsigs = (await load('jsonld-signatures')).default;
  const purpose = new jsigs.purposes.AssertionProofPurpose();
  if(testCase.op === 'sign-2018') {
    const {Ed25519Signature2018} = await load('@digitalbazaar/ed25519-signature-2018');
    const {Ed25519VerificationKey2018} =
      await load('@digitalbazaar/ed25519-verification-key-2018');
    const key = await Ed25519VerificationKey2018.from(testCase.key);
    const suite = new Ed25519Signature2018({key, date: testCase.created});
    const signed = await jsigs.sign(structuredClone(testCase.document),
      {suite, purpose, documentLoader});
    return {signed};
  }
  if(testCase.op === 'sign-jws2020') {
    // Transmute's packages pin old dependencies (ky-universal), so they live in a folder of
    // their own beside node_modules: <folder>/../transmute/node_modules.
    const transmute = createRequire(process.env.VCLER_JOSE_INTEROP + '/../transmute/node_modules/');
    const {JsonWebKey, JsonWebSignature} = transmute('@transmute/json-web-signature');
    const key = await JsonWebKey.from(testCase.key);
    const suite = new JsonWebSignature({key, date: testCase.created});
    const signed = await jsigs.sign(structuredClone(testCase.document),
      {suite, purpose, documentLoader});
    return {signed};
  }
  throw new Error(`unknown op ${testCase.op}`);
}

let input = '';
for await (const chunk of process.stdin) {
  input += chunk;
}
const request = JSON.parse(input);
const documentLoader = documentLoaderFor(request.documents || {});
const results = [];
for(const testCase of request.cases) {
  try {
    results.push(await run(testCase, documentLoader));
  } catch(e) {
    results.push({verified: false, error: String(e && e.message || e)});
  }
}
process.stdout.write(JSON.stringify(results));
