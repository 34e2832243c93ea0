package springshop;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A row of the owners table, mapped by Spring Data JDBC. */
@Table("OWNERS")
public record Owner(@Id Integer id, String name) {}
