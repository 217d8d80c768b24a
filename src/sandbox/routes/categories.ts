import { Router } from "express";
import { requireUser, route, type Deps } from "../context.ts";
import { createCategory } from "../forum/categories.ts";
import { ForumError } from "../model.ts";
import { categoryCounts, serializeCategory } from "../serialize/category.ts";
import { topicList } from "./topic-list.ts";

/** app/controllers/categories_controller.rb: index, create, show, and a category's topic list. */
export function categoriesRoutes({ state }: Deps): Router {
  const r = Router();
  // app/models/category_list.rb #find_categories: subcategories never stand at the top level; with
  // include_subcategories=true they come inside their parent's subcategory_list, and
  // parent_category_id=N lists N's children instead.
  r.get("/categories", route((req) => {
    const counts = categoryCounts(state);
    const all = [...state.categories.values()].sort((a, b) => a.position - b.position || a.id - b.id);
    const parent = req.query.parent_category_id;
    const withSubs = req.query.include_subcategories === "true";
    const listed = parent !== undefined && parent !== "" ? all.filter((c) => c.parent_category_id === Number(parent)) : all.filter((c) => c.parent_category_id === null);
    return {
      category_list: {
        can_create_category: true,
        can_create_topic: true,
        categories: listed.map((c) => serializeCategory(state, c, counts, withSubs ? { subcategoryList: all.filter((x) => x.parent_category_id === c.id) } : {})),
      },
    };
  }));
  r.post("/categories", route((req, res) => ({ category: serializeCategory(state, createCategory(state, requireUser(res), req.body ?? {}), categoryCounts(state), { full: true }) })));
  r.get("/c/:id/show", route((req) => {
    const c = state.categories.get(Number(req.params.id));
    if (!c) throw ForumError.notFound();
    return { category: serializeCategory(state, c, categoryCounts(state), { full: true }) };
  }));
  const categoryTopics = route((req, res) => {
    const p = req.params as Record<string, string>;
    const c = state.categories.get(Number(p.id));
    if (!c) throw ForumError.notFound();
    return topicList(state, req, res, (t) => t.category_id === c.id);
  });
  r.get("/c/:slug/:id", categoryTopics);
  r.get("/c/:slug/:id/l/latest", categoryTopics);
  return r;
}
