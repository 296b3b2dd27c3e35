export function Refused({ message }: { message: string }) {
  return (
    <div role="alert" className="card border-rose-300 dark:border-rose-900">
      <h1 className="text-lg font-semibold">Not available to you</h1>
      <p className="mt-1 text-sm">{message}</p>
    </div>
  );
}
