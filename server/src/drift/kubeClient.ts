// @kubernetes/client-node, loaded only when drift connects. The bundles ship it as its own file (dist/kubeClient.js)
// so that the language server and the CLI never parse its megabyte and a half (with undici) for linting.
export { KubeConfig } from '@kubernetes/client-node';
