import { index, route, type RouteConfig } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("signup", "routes/signup.tsx"),
  route("logout", "routes/logout.tsx"),
  route("lang", "routes/lang.tsx"),
  route("consultations/:id", "routes/consultation.tsx"),
  route("bills/new", "routes/bill-new.tsx"),
  route("bills/:billId", "routes/bill.tsx"),
  route("bills/:billId/versions/:versionId", "routes/version.tsx"),
  route("bills/:billId/versions/:versionId/export/:format", "routes/version-export.ts"),
  route("bills/:billId/edit", "routes/bill-edit.tsx"),
  route("bills/:billId/draft/steps", "routes/draft-steps.ts"),
  route("me", "routes/me.tsx"),
  route("workspace", "routes/workspace.tsx"),
  route("coordinator", "routes/coordinator.tsx"),
  route("moderation", "routes/moderation.tsx"),
  route("admin", "routes/admin.tsx"),
  route("admin/users", "routes/admin.users.tsx"),
  route("healthz", "routes/healthz.ts"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
