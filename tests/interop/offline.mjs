// The offline document loader the interop scripts share: it serves only the given documents
// (contexts, DID and controller documents) and the verification methods found in them.
export function documentLoaderFor(documents) {
  return async url => {
    if(Object.hasOwn(documents, url)) {
      return {contextUrl: null, documentUrl: url, document: documents[url]};
    }
    const [base] = url.split('#');
    const controller = documents[base];
    if(url.includes('#') && controller) {
      const methods = [].concat(controller.verificationMethod || []);
      const method = methods.find(vm => vm.id === url || base + vm.id === url);
      if(method) {
        const document = {'@context': controller['@context'], ...method};
        return {contextUrl: null, documentUrl: url, document};
      }
    }
    throw new Error(`document not served offline: ${url}`);
  };
}
