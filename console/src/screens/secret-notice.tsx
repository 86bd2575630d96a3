import { useState } from 'preact/hooks';

/** The client secret, this once, with a copy button and the warning. */
export function SecretNotice(props: { secret: string; onDismiss(): void }) {
  const [copied, setCopied] = useState<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The browser refused the clipboard: select the secret and copy it by hand.');
    }
  };
  return (
    <section class="secret" aria-labelledby="secret-title">
      <h2 id="secret-title">Client secret</h2>
      <p class="warning">
        Copy the client secret now: it is shown only this once. It is stored hashed and cannot be retrieved after you leave this
        page.
      </p>
      <div class="secret-row">
        <code id="client-secret">{props.secret}</code>
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p aria-live="polite" class="hint">
        {copied}
      </p>
      <button type="button" class="link" onClick={props.onDismiss}>
        I have stored it: hide the secret
      </button>
    </section>
  );
}
