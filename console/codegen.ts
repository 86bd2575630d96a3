import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The console's typed GraphQL layer: every graphql(`…`) document in console/src is checked
 * against schema.graphql and typed in console/src/gql (committed; `npm run schema:check`
 * fails when it is stale). A schema change that breaks a document breaks codegen, and one
 * that changes a type breaks `npm run typecheck`.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['console/src/**/*.{ts,tsx}', '!console/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'console/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: false,
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
