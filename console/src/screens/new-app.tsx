import { request } from '../api';
import { graphql } from '../gql';
import { navigate } from '../router';
import { rememberSecret } from '../secrets';
import { Link } from '../ui';
import { ClientForm, type ClientValues, EMPTY_CLIENT } from './client-form';

const CreateAppClient = graphql(`
  mutation CreateAppClient($input: CreateAppClientInput!) {
    createAppClient(input: $input) {
      clientSecret
      appClient {
        id
      }
    }
  }
`);

/** New app client: after Create, the detail page shows the secret this once. */
export function NewApp() {
  const create = async (values: ClientValues) => {
    const { webOrigins, ...rest } = values;
    const data = await request(CreateAppClient, {
      input: { ...rest, webOrigins: webOrigins.length > 0 ? webOrigins : undefined },
    });
    const created = data.createAppClient;
    if (!created?.appClient) throw new Error('The client was not created');
    if (created.clientSecret) rememberSecret(created.appClient.id, created.clientSecret);
    navigate(`/console/apps/${created.appClient.id}`);
  };
  return (
    <section aria-labelledby="new-title">
      <p class="crumbs">
        <Link href="/console/apps">Apps</Link> /
      </p>
      <h1 id="new-title">New app client</h1>
      <ClientForm initial={EMPTY_CLIENT} submitLabel="Create" creating onSubmit={create} />
    </section>
  );
}
