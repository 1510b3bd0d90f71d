//! The order an `each` section renders resources in — name order, or grouped by a key — and
//! each resource's `place` in it (`index`, `first`, `last`, `group`, `group_index`,
//! `group_first`, `group_last`, `groups`), made for one chunk at a time: a run never holds
//! every resource's place at once.

use serde_json::Value;

pub struct Order {
    /// The resource (its index in name order) at each position; `None` for name order.
    resources: Option<Vec<usize>>,
    /// The group key at each position, sorted (all empty in name order).
    keys: Vec<String>,
    /// The group each position is in, counted from 0.
    group_index: Vec<usize>,
    groups: usize,
}

impl Order {
    /// `count` resources in name order: one group, keyed "".
    pub fn by_name(count: usize) -> Self {
        Self {
            resources: None,
            keys: vec![String::new(); count],
            group_index: vec![0; count],
            groups: usize::from(count > 0),
        }
    }

    /// Resources by group key: `keys` holds each resource's key in name order; the order
    /// sorts by key and keeps name order within a group.
    pub fn grouped(keys: Vec<String>) -> Self {
        let mut keyed: Vec<(String, usize)> = keys.into_iter().zip(0..).collect();
        // Stable: name order within a group.
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let (keys, resources): (Vec<String>, Vec<usize>) = keyed.into_iter().unzip();
        let mut group_index = Vec::with_capacity(keys.len());
        let mut group = 0;
        for position in 0..keys.len() {
            if position > 0 && keys[position - 1] != keys[position] {
                group += 1;
            }
            group_index.push(group);
        }
        Self {
            resources: Some(resources),
            groups: if keys.is_empty() { 0 } else { group + 1 },
            keys,
            group_index,
        }
    }

    /// Whether this is name order.
    pub fn is_by_name(&self) -> bool {
        self.resources.is_none()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The resource (index in name order) at `position`.
    pub fn resource(&self, position: usize) -> usize {
        self.resources
            .as_ref()
            .and_then(|order| order.get(position).copied())
            .unwrap_or(position)
    }

    /// The `place` of the resource at `position`.
    pub fn place(&self, position: usize) -> Value {
        let key = &self.keys[position];
        let group_first = position == 0 || self.keys[position - 1] != *key;
        let group_last = self.keys.get(position + 1).is_none_or(|next| next != key);
        serde_json::json!({
            "index": position,
            "first": position == 0,
            "last": position + 1 == self.keys.len(),
            "group": key,
            "group_index": self.group_index[position],
            "group_first": group_first,
            "group_last": group_last,
            "groups": self.groups,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_places_say_where_groups_start_and_end_in_key_then_name_order() {
        let order = Order::grouped(vec!["b".into(), "a".into(), "b".into(), "a".into()]);
        let resources: Vec<usize> = (0..order.len()).map(|p| order.resource(p)).collect();
        assert_eq!(resources, [1, 3, 0, 2]);
        let place = |p: usize, key: &str| order.place(p)[key].clone();
        assert_eq!(place(0, "group"), "a");
        assert_eq!(place(1, "group_last"), true);
        assert_eq!(place(2, "group_first"), true);
        assert_eq!(place(2, "group_index"), 1);
        assert_eq!(place(3, "last"), true);
        assert_eq!(place(3, "groups"), 2);
    }

    #[test]
    fn name_order_is_one_group() {
        let order = Order::by_name(3);
        assert_eq!(order.resource(2), 2);
        assert_eq!(order.place(0)["first"], true);
        assert_eq!(order.place(1)["group_first"], false);
        assert_eq!(order.place(2)["group_last"], true);
        assert_eq!(order.place(2)["groups"], 1);
        assert_eq!(Order::by_name(0).len(), 0);
    }
}
