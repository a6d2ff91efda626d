// Validates what `rekey compile kubernetes` and `rekey compile aws` write
// against the platforms' published schemas:
//   - Kubernetes objects with the npm `kubernetes-models` validators (the
//     Kubernetes OpenAPI schemas) and `@kubernetes-models/external-secrets`
//     (the External Secrets Operator CRDs); the Vault Agent patches are merged
//     into a minimal Deployment first, as the API server would;
//   - CloudFormation resources against the AWS resource specification
//     (npm `@aws-cdk/cfnspec`): resource and property names, required
//     properties, primitive types, nested property types, Refs to parameters.
//
//   - GitHub Actions workflows (`rekey compile scan-jobs`) against SchemaStore's
//     github-workflow schema, with npm `@action-validator/core`.
//
// Usage (from a directory whose node_modules holds those packages and `yaml`):
//   node validate_platforms.mjs --kubernetes DIR... --aws FILE... --workflow FILE...
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parseAllDocuments } from 'yaml';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';

const require = createRequire(import.meta.url);
const cfnspec = require('@aws-cdk/cfnspec').specification();
// SchemaStore's github-workflow schema, as the action-validator tool bundles it.
const actionValidator = require('@action-validator/core');

let failures = 0;
let checked = 0;
const fail = (where, message) => {
  console.error(`FAIL ${where}: ${message}`);
  failures++;
};

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const qualifiedName = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function checkMetadata(where, meta, maxName) {
  if (!meta?.name || meta.name.length > maxName || !dns1123Subdomain.test(meta.name)) {
    fail(where, `metadata.name ${JSON.stringify(meta?.name)} is not a DNS-1123 name of at most ${maxName}`);
  }
  if (meta?.namespace && (!dns1123Label.test(meta.namespace) || meta.namespace.length > 63)) {
    fail(where, `namespace ${meta.namespace} is not a DNS-1123 label`);
  }
  for (const [k, v] of Object.entries(meta?.labels ?? {})) {
    if (!qualifiedName.test(k) || k.split('/').pop().length > 63) fail(where, `label key ${k}`);
    if (typeof v !== 'string' || v.length > 63 || !labelValue.test(v)) fail(where, `label ${k} value ${v}`);
  }
  for (const [k, v] of Object.entries(meta?.annotations ?? {})) {
    if (!qualifiedName.test(k) || k.split('/').pop().length > 63) fail(where, `annotation key ${k}`);
    if (typeof v !== 'string') fail(where, `annotation ${k} is not a string`);
  }
}

function validateModel(where, model) {
  try {
    model.validate();
  } catch (e) {
    fail(where, e.message);
  }
}

// A GitHub Actions workflow against SchemaStore's github-workflow schema.
function checkWorkflow(path) {
  checked++;
  const state = actionValidator.validateWorkflow(readFileSync(path, 'utf8'));
  for (const error of state.errors) fail(path, `${error.path ?? ''} ${error.title}: ${error.detail ?? ''}`);
}

function checkKubernetes(dir) {
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml')) continue;
    const path = join(dir, name);
    for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (doc.errors.length) {
        fail(path, doc.errors[0].message);
        continue;
      }
      const obj = doc.toJS();
      if (obj === null) continue;  // the header comments before the first ---
      const where = `${path} ${obj.kind}/${obj.metadata?.name}`;
      checked++;
      if (obj.apiVersion === 'batch/v1' && obj.kind === 'CronJob') {
        checkMetadata(where, obj.metadata, 52);
        checkMetadata(where, {name: 'pod-template', ...obj.spec?.jobTemplate?.spec?.template?.metadata}, 253);
        validateModel(where, new CronJob(obj));
      } else if (obj.apiVersion === 'batch/v1' && obj.kind === 'Job') {
        checkMetadata(where, obj.metadata, 63);
        checkMetadata(where, {name: 'pod-template', ...obj.spec?.template?.metadata}, 253);
        if (obj.spec?.completionMode === 'Indexed' && !(obj.spec.completions >= 1)) {
          fail(where, 'an Indexed Job needs completions');
        }
        validateModel(where, new Job(obj));
      } else if (obj.apiVersion === 'external-secrets.io/v1' && obj.kind === 'ExternalSecret') {
        // The package ships the v1beta1 schema; v1 kept every field rekey writes.
        checkMetadata(where, obj.metadata, 253);
        validateModel(where, new ExternalSecret({...obj, apiVersion: 'external-secrets.io/v1beta1'}));
      } else if (obj.apiVersion === 'apps/v1' && obj.kind === 'Deployment') {
        // A patch: merged into the service's Deployment, which must stay valid.
        const annotations = obj.spec?.template?.metadata?.annotations ?? {};
        if (Object.keys(obj).join() !== 'apiVersion,kind,metadata,spec' ||
            Object.keys(obj.spec).join() !== 'template' || Object.keys(obj.spec.template).join() !== 'metadata') {
          fail(where, 'a patch should touch only spec.template.metadata');
        }
        checkMetadata(where, {...obj.metadata, annotations}, 253);
        const merged = {
          apiVersion: 'apps/v1', kind: 'Deployment', metadata: obj.metadata,
          spec: {selector: {matchLabels: {app: 'x'}},
                 template: {metadata: {labels: {app: 'x'}, annotations},
                            spec: {containers: [{name: 'app', image: 'app:1'}]}}}};
        validateModel(where, new Deployment(merged));
        for (const key of Object.keys(annotations)) {
          const secret = key.match(/^vault\.hashicorp\.com\/agent-inject-secret-(.+)$/);
          if (secret && !(`vault.hashicorp.com/agent-inject-template-${secret[1]}` in annotations)) {
            fail(where, `no template for ${key}`);
          }
        }
      } else {
        fail(where, `unexpected ${obj.apiVersion} ${obj.kind}`);
      }
    }
  }
}

// ---- CloudFormation ----------------------------------------------------------

function checkValue(where, spec, value, template, context) {
  const isIntrinsic = (v) => v && typeof v === 'object' && Object.keys(v).length === 1 &&
      (Object.keys(v)[0] === 'Ref' || Object.keys(v)[0].startsWith('Fn::'));
  if (isIntrinsic(value)) {
    if ('Ref' in value && !(value.Ref in (template.Parameters ?? {})) && !(value.Ref in template.Resources)) {
      fail(where, `Ref to unknown ${value.Ref}`);
    }
    return;
  }
  if (spec.PrimitiveType) {
    const ok = {String: typeof value === 'string', Integer: Number.isInteger(value), Long: Number.isInteger(value),
                Boolean: typeof value === 'boolean', Double: typeof value === 'number', Json: typeof value === 'object'};
    if (!ok[spec.PrimitiveType]) fail(where, `expected ${spec.PrimitiveType}, got ${JSON.stringify(value)}`);
    return;
  }
  if (spec.Type === 'List') {
    if (!Array.isArray(value)) return fail(where, 'expected a list');
    value.forEach((v, i) => checkValue(`${where}[${i}]`, spec.PrimitiveItemType ? {PrimitiveType: spec.PrimitiveItemType}
                                                                               : {Type: spec.ItemType}, v, template, context));
    return;
  }
  const type = cfnspec.PropertyTypes[`${context}.${spec.Type}`];
  if (!type) return fail(where, `unknown property type ${context}.${spec.Type}`);
  checkProperties(where, type.Properties, value, template, context);
}

function checkProperties(where, properties, value, template, context) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fail(where, 'expected an object');
  for (const [name, spec] of Object.entries(properties)) {
    if (spec.Required && !(name in value)) fail(where, `missing required ${name}`);
  }
  for (const [name, v] of Object.entries(value)) {
    if (!(name in properties)) fail(where, `unknown property ${name}`);
    else checkValue(`${where}.${name}`, properties[name], v, template, context);
  }
}

function checkCloudFormation(path) {
  const template = JSON.parse(readFileSync(path, 'utf8'));
  const allowed = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Resources'];
  for (const key of Object.keys(template)) if (!allowed.includes(key)) fail(path, `unknown section ${key}`);
  if (template.AWSTemplateFormatVersion !== '2010-09-09') fail(path, 'AWSTemplateFormatVersion');
  if (!template.Resources || Object.keys(template.Resources).length === 0) fail(path, 'no Resources');
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    checked++;
    const where = `${path} ${id}`;
    if (!/^[A-Za-z0-9]+$/.test(id) || id.length > 255) fail(where, 'logical id must be alphanumeric');
    const type = cfnspec.ResourceTypes[resource.Type];
    if (!type) {
      fail(where, `unknown resource type ${resource.Type}`);
      continue;
    }
    checkProperties(where, type.Properties, resource.Properties ?? {}, template, resource.Type);
  }
}

const args = process.argv.slice(2);
let mode = null;
for (const a of args) {
  if (a === '--kubernetes' || a === '--aws' || a === '--workflow') mode = a;
  else if (mode === '--workflow') checkWorkflow(a);
  else if (mode === '--kubernetes') checkKubernetes(a);
  else if (mode === '--aws') checkCloudFormation(a);
}
console.log(`platform schemas: ${checked} objects checked, ${failures} failed`);
process.exit(failures || checked === 0 ? 1 : 0);
