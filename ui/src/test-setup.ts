import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// `findBy*` and `waitFor` return as soon as their condition holds; the bound
// is only how long a loaded CI machine (two cores, every worker busy) may
// take before one counts as failed. Testing Library's 1 s default is a
// timing window that a slow run can miss.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => cleanup());
