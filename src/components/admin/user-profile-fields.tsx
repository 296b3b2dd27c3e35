"use client";

import { ROLE_LABELS, ROLES, SPECIALTIES, SPECIALTY_LABELS, type RoleName, type SpecialtyName } from "@/domain/roles";

export interface UserProfile {
  name: string;
  role: RoleName;
  specialty: SpecialtyName | null;
  boardIds: string[];
}

/** Name, role, specialty and boards: the fields both the new-user form and the edit form show. */
export function UserProfileFields({ idPrefix, value, onChange, boards }: { idPrefix: string; value: UserProfile; onChange: (next: UserProfile) => void; boards: { id: string; name: string }[] }) {
  const set = (patch: Partial<UserProfile>) => onChange({ ...value, ...patch });
  const isAdmin = value.role === "ADMIN";
  return (
    <>
      <div>
        <label className="label" htmlFor={`${idPrefix}-name`}>Name</label>
        <input id={`${idPrefix}-name`} className="field" required maxLength={120} value={value.name} onChange={(e) => set({ name: e.target.value })} />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor={`${idPrefix}-role`}>Role</label>
          {/* An administrator belongs to no board: choosing the role clears the memberships. */}
          <select id={`${idPrefix}-role`} className="field" value={value.role} onChange={(e) => set({ role: e.target.value as RoleName, boardIds: e.target.value === "ADMIN" ? [] : value.boardIds })}>
            {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor={`${idPrefix}-specialty`}>Specialty</label>
          <select id={`${idPrefix}-specialty`} className="field" value={value.specialty ?? ""} onChange={(e) => set({ specialty: (e.target.value || null) as SpecialtyName | null })}>
            <option value="">None</option>
            {SPECIALTIES.map((s) => <option key={s} value={s}>{SPECIALTY_LABELS[s]}</option>)}
          </select>
        </div>
      </div>
      <fieldset>
        <legend className="label">Board memberships</legend>
        {isAdmin ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">An administrator belongs to no board and sees no patients.</p>
        ) : boards.length === 0 ? (
          <p className="text-sm">No boards yet.</p>
        ) : (
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {boards.map((b) => (
              <label key={b.id} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={value.boardIds.includes(b.id)}
                  onChange={(e) => set({ boardIds: e.target.checked ? [...value.boardIds, b.id] : value.boardIds.filter((id) => id !== b.id) })}
                />
                {b.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
    </>
  );
}
