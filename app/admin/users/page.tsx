import { AdminPanel } from "@/components/admin/admin-panel";

export const metadata = { title: "Users · Cartograph" };

export default function AdminUsersPage() {
  return (
    <div className="mx-auto max-w-2xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Users</h1>
      <AdminPanel />
    </div>
  );
}
