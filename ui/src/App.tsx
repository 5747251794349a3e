import { AppShell } from "./shell/AppShell";
import { useAppInfo } from "./shell/useAppInfo";

export function App() {
  const state = useAppInfo();
  return <AppShell state={state} />;
}
