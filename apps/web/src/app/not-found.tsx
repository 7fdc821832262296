export default function NotFound() {
  return (
    <div>
      <h1>Not found</h1>
      <p>
        There is no page here. <a href="/">Go to the leaderboard</a>.
      </p>
    </div>
  );
}
