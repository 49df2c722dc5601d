/** What a page that needs a database shows without one. */
export function NotConnected({ title }: { title: string }): React.JSX.Element {
  return (
    <section>
      <h1>{title}</h1>
      <p data-testid="not-connected">Not connected. Choose a connection on the Connections page.</p>
    </section>
  );
}
