package springshop;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

/** A Spring Data JDBC repository: CRUD methods and a derived query. */
public interface OwnerRepository extends CrudRepository<Owner, Integer> {
  List<Owner> findByName(String name);
}
