import { ForumError, type SCategory, type SUser } from "../model.ts";
import type { ForumState } from "../state.ts";
import { slugFor } from "../validate.ts";

/**
 * categories#create (admins; app/models/category.rb): a unique name and a slug unique among
 * its siblings; `parent_category_id` makes a subcategory (one level deep; not of Uncategorized).
 */
export function createCategory(state: ForumState, actor: SUser, p: { name?: unknown; slug?: unknown; color?: unknown; text_color?: unknown; description?: unknown; parent_category_id?: unknown }): SCategory {
  if (!actor.admin) throw ForumError.invalidAccess();
  const name = String(p.name ?? "").trim();
  const errors: string[] = [];
  if (!name) errors.push("Name can't be blank");
  const all = [...state.categories.values()];
  let parent: SCategory | undefined;
  if (p.parent_category_id !== undefined && p.parent_category_id !== null && String(p.parent_category_id) !== "") {
    parent = state.categories.get(Number(p.parent_category_id));
    if (!parent) errors.push("Parent category is invalid");
    else if (parent.id === 1) errors.push("Uncategorized can't have a parent category");
    else if (parent.parent_category_id !== null) errors.push("You can't nest a subcategory under another");
  }
  if (name && all.some((c) => c.name.toLowerCase() === name.toLowerCase() && c.parent_category_id === (parent?.id ?? null))) errors.push("Category Name has already been taken");
  const slug = p.slug ? String(p.slug) : slugFor(name);
  if (all.some((c) => c.slug === slug && c.parent_category_id === (parent?.id ?? null))) errors.push("Slug is already in use");
  if (errors.length) throw ForumError.unprocessable(undefined, errors);
  return state.change(() => {
    const cat: SCategory = {
      id: state.next.category++,
      name,
      slug,
      color: String(p.color ?? "0088CC").replace(/^#/, ""),
      text_color: String(p.text_color ?? "FFFFFF").replace(/^#/, ""),
      description: typeof p.description === "string" ? p.description : null,
      position: state.categories.size,
      parent_category_id: parent?.id ?? null,
    };
    state.categories.set(cat.id, cat);
    state.touch("categories", cat);
    return cat;
  });
}
