// JSON-LD to canonical N-Quads with jsonld.js (Digital Bazaar's JSON-LD processor, the one
// jsonld-signatures and the Data Integrity cryptosuites use), in safe mode, offline.
// Reads {documents: {url: json}, inputs: [json...]} from stdin; writes a JSON array with, for
// each input, its canonical N-Quads (RDFC-1.0, rdfDirection i18n-datatype) or
// {"error": name}.
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';

const require = createRequire(process.env.VCLER_DB_INTEROP + '/');
const jsonld = (await import(pathToFileURL(require.resolve('jsonld')).href)).default;

let input = '';
process.stdin.on('data', chunk => input += chunk);
process.stdin.on('end', async () => {
  const {documents, inputs} = JSON.parse(input);
  const documentLoader = async url => {
    if(Object.hasOwn(documents, url)) {
      return {contextUrl: null, documentUrl: url, document: documents[url]};
    }
    throw new Error(`document not served offline: ${url}`);
  };
  const out = [];
  for(const document of inputs) {
    try {
      out.push(await jsonld.canonize(document, {
        algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true,
        rdfDirection: 'i18n-datatype', documentLoader,
      }));
    } catch(e) {
      const event = e.details && e.details.event;
      out.push({error: String((event && event.code) || (e.details && e.details.code) || e.name || e)});
    }
  }
  process.stdout.write(JSON.stringify(out));
});
