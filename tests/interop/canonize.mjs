// Canonicalize N-Quads datasets with rdf-canonize (Digital Bazaar's RDFC-1.0, used by
// jsonld-signatures): reads a JSON array of {nquads, hash} from stdin, writes a JSON array
// of canonical N-Quads (or {"error": message}) to stdout.
import {createRequire} from 'node:module';
const require = createRequire(process.env.VCLER_RDF_CANONIZE + '/');
const canonize = require('rdf-canonize');
let input = '';
process.stdin.on('data', chunk => input += chunk);
process.stdin.on('end', async () => {
  const out = [];
  for (const {nquads, hash} of JSON.parse(input)) {
    try {
      const dataset = canonize.NQuads.parse(nquads);
      out.push(await canonize.canonize(dataset, {
        algorithm: 'RDFC-1.0', format: 'application/n-quads',
        messageDigestAlgorithm: hash, maxDeepIterations: 1000,
      }));
    } catch (e) {
      out.push({error: String(e.message || e)});
    }
  }
  process.stdout.write(JSON.stringify(out));
});
